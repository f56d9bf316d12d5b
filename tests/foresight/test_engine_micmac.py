"""MICMAC engine: hand-computed examples, invalid input, properties.

Every figure below is derived by hand in the comments (matrix products written out).
"""

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from essor.foresight.engine import ForesightInputError, _micmac_block, micmac

LABELS4 = ["A", "B", "C", "D"]
# a_ij = influence of row i on column j.
M4 = [
    [0, 3, 1, 1],  # A
    [0, 0, 2, 0],  # B
    [0, 0, 0, 1],  # C
    [1, 2, 0, 0],  # D
]


def test_direct_by_hand():
    # I = row sums: A 0+3+1+1 = 5, B 2, C 1, D 1+2 = 3.
    # D = column sums: A 1, B 3+2 = 5, C 1+2 = 3, D 1+1 = 2. T = 11.
    r = micmac(LABELS4, M4)
    assert r["direct"]["influence"] == [5, 2, 1, 3]
    assert r["direct"]["dependence"] == [1, 5, 3, 2]
    assert r["direct"]["total"] == 11
    # Rankings descending: I 5 (A), 3 (D), 2 (B), 1 (C); D 5 (B), 3 (C), 2 (D), 1 (A).
    assert r["direct"]["influence_rank"] == ["A", "D", "B", "C"]
    assert r["direct"]["dependence_rank"] == ["B", "C", "D", "A"]
    # Threshold T/n = 11/4 = 2.75 on both axes; "high" = strictly above.
    # A (I 5 high, D 1 low) influent; B (2, 5) dependant; C (1, 3 > 2.75) dependant;
    # D (3 high, 2 low) influent.
    assert r["direct"]["threshold"] == pytest.approx(2.75)
    assert r["sectors"] == {"A": "influent", "B": "dependant", "C": "dependant", "D": "influent"}
    assert r["direct"]["sectors"] == r["sectors"]
    # Regulating: both I and D within [2.475, 3.025]; D has I = 3 but D = 2: none.
    assert r["regulating"] == []
    # Direct shares: I / T and D / T.
    assert r["direct"]["influence_share"] == pytest.approx([5 / 11, 2 / 11, 1 / 11, 3 / 11])


def test_indirect_by_hand():
    # M² = M·M, row by row (row i of M² = Σ_k a_ik · row k of M):
    #   A = 3·B + 1·C + 1·D = [0,0,6,0] + [0,0,0,1] + [1,2,0,0] = [1,2,6,1]   (10)
    #   B = 2·C             = [0,0,0,2]                                       (2)
    #   C = 1·D             = [1,2,0,0]                                       (3)
    #   D = 1·A + 2·B       = [0,3,1,1] + [0,0,4,0] = [0,3,5,1]               (9)
    # Row sums [10, 2, 3, 9] → A, D, C, B (B and C swap places vs direct A, D, B, C).
    # Column sums [2, 7, 11, 4] → C, B, D, A (B and C swap vs direct B, C, D, A).
    # Stability k = 2: 2 of 4 unchanged on each axis → 50 %, 50 %.
    # M³ = M²·M:
    #   A = 1·A + 2·B + 6·C + 1·D = [1,5,5,7]   (18)
    #   B = 2·D                   = [2,4,0,0]   (6)
    #   C = 1·A + 2·B             = [0,3,5,1]   (9)
    #   D = 3·B + 5·C + 1·D       = [1,2,6,5]   (14)
    # Row sums [18, 6, 9, 14] → A, D, C, B (same as k = 2);
    # column sums [4, 14, 16, 13] → C, B, D, A (same): stop at k = 3, converged.
    # Total of M³ = 47; shares = sums / 47.
    r = micmac(LABELS4, M4)
    ind = r["indirect"]
    assert ind["k"] == 3
    assert ind["converged"] is True
    assert ind["stability"] == [
        {"k": 2, "influence": 50.0, "dependence": 50.0},
        {"k": 3, "influence": 100.0, "dependence": 100.0},
    ]
    assert ind["influence"] == pytest.approx([18 / 47, 6 / 47, 9 / 47, 14 / 47], abs=1e-15)
    assert ind["dependence"] == pytest.approx([4 / 47, 14 / 47, 16 / 47, 13 / 47], abs=1e-15)
    assert sum(ind["influence"]) == pytest.approx(1.0)
    assert sum(ind["dependence"]) == pytest.approx(1.0)
    assert ind["influence_rank"] == ["A", "D", "C", "B"]
    assert ind["dependence_rank"] == ["C", "B", "D", "A"]
    # Indirect threshold 1/4 = 11.75/47: A (18, 4) influent; B (6, 14) dependant;
    # C (9, 16) dependant; D (14, 13) relais (both strictly above).
    assert ind["threshold"] == pytest.approx(0.25)
    assert ind["sectors"] == {"A": "influent", "B": "dependant", "C": "dependant", "D": "relais"}
    assert ind["regulating"] == []
    # Displacement = rank_direct − rank_indirect.
    # Influence: B 3 → 4 (−1), C 4 → 3 (+1). Dependence: B 1 → 2 (−1), C 2 → 1 (+1).
    assert r["displacement"] == {
        "A": {"influence": 0, "dependence": 0},
        "B": {"influence": -1, "dependence": -1},
        "C": {"influence": 1, "dependence": 1},
        "D": {"influence": 0, "dependence": 0},
    }
    # Map arrow of A: direct point (D/T, I/T) = (1/11, 5/11) → indirect (4/47, 18/47).
    a = r["map"][0]
    assert a["label"] == "A"
    assert (a["direct"]["x"], a["direct"]["y"]) == pytest.approx((1 / 11, 5 / 11))
    assert (a["indirect"]["x"], a["indirect"]["y"]) == pytest.approx((4 / 47, 18 / 47))
    assert r["potential"] is None
    json.dumps(r)  # JSON-serialisable


def test_slow_ranking_example_three_variables():
    # M = [[0,3,1],[1,0,2],[1,1,0]]: I = [4,3,2], D = [2,4,3].
    # M² rows: A = 3·B + C = [4,1,6] (11); B = A + 2·C = [2,5,1] (8); C = A + B = [1,3,3] (7).
    #   I ranking A, B, C unchanged (100 %); D sums [7, 9, 10] → C, B, A vs B, C, A (33 %).
    # M³ rows: [7,18,6] (31), [6,7,12] (25), [6,6,7] (19); D sums [19, 31, 25] → B, C, A
    #   (differs from C, B, A: 33 %).
    # M⁴ rows: [24,27,43] (94), [19,30,20] (69), [13,25,18] (56); D sums [56, 82, 81] →
    #   B, C, A (same) → k = 4. Total 219.
    r = micmac(["A", "B", "C"], [[0, 3, 1], [1, 0, 2], [1, 1, 0]])
    ind = r["indirect"]
    assert ind["k"] == 4 and ind["converged"]
    assert [s["dependence"] for s in ind["stability"]] == pytest.approx([100 / 3, 100 / 3, 100])
    assert [s["influence"] for s in ind["stability"]] == [100.0, 100.0, 100.0]
    assert ind["influence"] == pytest.approx([94 / 219, 69 / 219, 56 / 219])
    assert ind["dependence"] == pytest.approx([56 / 219, 82 / 219, 81 / 219])
    # Direct mean 9/3 = 3: B has I = 3, not strictly above → dependant (D = 4);
    # C (2, 3) autonome.
    assert r["sectors"] == {"A": "influent", "B": "dependant", "C": "autonome"}


def test_cycle_everything_at_the_mean_is_regulating_and_autonomous():
    # A → B → C → A with weight 1: I = D = 1 = T/n for every variable. Nobody is strictly
    # above the mean → autonome; every variable is within ±10 % of both means → regulating.
    # M^k is a permutation matrix: all shares 1/3, rankings in input order at every k →
    # the rule holds at k = 2 (stability 100 %).
    r = micmac(["A", "B", "C"], [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    assert set(r["sectors"].values()) == {"autonome"}
    assert r["regulating"] == ["A", "B", "C"]
    assert r["indirect"]["k"] == 2 and r["indirect"]["converged"]
    assert r["indirect"]["influence"] == pytest.approx([1 / 3] * 3)
    assert r["indirect"]["regulating"] == ["A", "B", "C"]
    assert r["indirect"]["influence_rank"] == ["A", "B", "C"]


def test_regulating_within_ten_percent():
    # 4 variables, T = 9 + 2 + 5 + 4 = 20, mean 5, band [4.5, 5.5].
    m = [
        [0, 3, 3, 3],  # A: I 9
        [1, 0, 1, 0],  # B: I 2
        [1, 1, 0, 3],  # C: I 5
        [2, 1, 1, 0],  # D: I 4
    ]
    # D = column sums: A 1+1+2 = 4, B 3+1+1 = 5, C 3+1+1 = 5, D 3+3 = 6.
    # C has I = 5 and D = 5: regulating, and autonome (5 is not strictly above 5).
    # B (2, 5) autonome too; D (4, 6) dependant; A (9, 4) influent.
    r = micmac(["A", "B", "C", "D"], m)
    assert r["direct"]["dependence"] == [4, 5, 5, 6]
    assert r["regulating"] == ["C"]
    assert r["sectors"] == {"A": "influent", "B": "autonome", "C": "autonome", "D": "dependant"}


def test_ties_broken_by_input_order():
    # I = [1, 1, 1], D = [1, 1, 1] (a cycle, reversed): all tied → input order.
    r = micmac(["Z", "Y", "X"], [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    assert r["direct"]["influence_rank"] == ["Z", "Y", "X"]
    assert r["indirect"]["dependence_rank"] == ["Z", "Y", "X"]


def test_potential_by_hand_and_non_convergence_cap():
    # [[0, P], [1, 0]]. Direct (P = 0): I = [0, 1], D = [1, 0].
    # M² = [[0,0],[0,0]]: the graph is acyclic → M² vanishes, the indirect result is that
    # of M¹ (k = 1), flagged, not converged.
    # Potential (P = 3): [[0,3],[1,0]], I = [3, 1], D = [1, 3]. M² = diag(3, 3): sums tie
    # → ranking A, B on both axes, while M had D ranking B, A; M³ = [[0,9],[3,0]] gives
    # back I A, B and D B, A: the dependence ranking flips at every power, never stable:
    # capped at k = 30 (even power: M^30 = diag(3^15, 3^15), shares 1/2, 1/2).
    r = micmac(["A", "B"], [[0, "P"], [1, 0]])
    assert r["potential_cells"] == 1
    assert r["direct"]["influence"] == [0, 1]
    ind = r["indirect"]
    assert ind["k"] == 1 and ind["converged"] is False and ind["vanished_at"] == 2
    assert ind["influence"] == [0.0, 1.0] and ind["dependence"] == [1.0, 0.0]
    assert "sans circuit" in ind["note"]
    pot = r["potential"]
    assert pot["potential_value"] == 3
    assert pot["direct"]["influence"] == [3, 1]
    assert pot["direct"]["dependence"] == [1, 3]
    assert pot["indirect"]["k"] == 30
    assert pot["indirect"]["converged"] is False
    assert len(pot["indirect"]["stability"]) == 29  # k = 2 … 30
    assert pot["indirect"]["influence"] == pytest.approx([0.5, 0.5])
    # A smaller cap stops earlier (odd power 5: M⁵ ∝ [[0,3],[1,0]] → shares 3/4, 1/4).
    capped = micmac(["A", "B"], [[0, "P"], [1, 0]], max_k=5)["potential"]["indirect"]
    assert capped["k"] == 5 and capped["influence"] == pytest.approx([0.75, 0.25])
    # potential_value = 1: [[0,1],[1,0]] → I = D = [1, 1].
    assert micmac(["A", "B"], [[0, "P"], [1, 0]], potential_value=1)["potential"]["direct"][
        "influence"
    ] == [1, 1]


def test_zero_matrix():
    # Decision: no influence at all → shares all 0 (no division by zero), rankings in input
    # order, the stopping rule holds at k = 2; everyone autonome and regulating.
    r = micmac(["A", "B", "C"], [[0] * 3] * 3)
    ind = r["indirect"]
    assert ind["influence"] == [0.0, 0.0, 0.0] and ind["dependence"] == [0.0, 0.0, 0.0]
    assert ind["k"] == 2 and ind["converged"] is True
    assert ind["influence_rank"] == ["A", "B", "C"]
    assert set(r["sectors"].values()) == {"autonome"}
    assert r["regulating"] == ["A", "B", "C"]
    assert all(np.isfinite(r["direct"]["influence_share"]))


def test_no_overflow_all_three_120():
    n = 120
    m = [[0 if i == j else 3 for j in range(n)] for i in range(n)]
    r = micmac([f"V{i}" for i in range(n)], m)
    ind = r["indirect"]
    assert np.all(np.isfinite(ind["influence"]))
    assert ind["influence"] == pytest.approx([1 / n] * n)
    assert ind["converged"] and ind["k"] == 2
    # And the same with max_k reached on a long oscillation: still finite.
    big = micmac(["A", "B"], [[0, 3], [3, 0]])
    assert big["indirect"]["influence"] == pytest.approx([0.5, 0.5])


def test_string_values_accepted():
    r = micmac(["A", "B"], [["0", " 3 "], ["p", 0.0]])
    assert r["direct"]["influence"] == [3, 0]
    assert r["potential"]["direct"]["dependence"] == [3, 3]


# ------------------------------------------------------------------------ invalid input


def _error(labels, matrix, **kw) -> ForesightInputError:
    with pytest.raises(ForesightInputError) as info:
        micmac(labels, matrix, **kw)
    return info.value


def test_value_out_of_scale_names_row_and_column():
    labels = ["Gouvernance", "Financement", "Territoire"]
    err = _error(labels, [[0, 1, 2], [3, 0, 7], [0, 0, 0]])
    assert err.code == "out_of_scale"
    assert (err.row, err.column) == (1, 2)
    assert err.message == (
        "Ligne 2 (Financement), colonne 3 (Territoire) : valeur « 7 » hors de l'échelle 0–3 ou P."
    )
    assert isinstance(err, ValueError)


def test_other_invalid_inputs():
    labels = ["A", "B", "C"]
    err = _error(labels, [[0, 1.5, 0], [0, 0, 0], [0, 0, 0]])
    assert err.code == "not_integer" and (err.row, err.column) == (0, 1)
    err = _error(labels, [[0, 1, 0], [0, 2, 0], [0, 0, 0]])
    assert err.code == "diagonal" and (err.row, err.column) == (1, 1)
    assert "Ligne 2 (B), colonne 2 (B)" in err.message
    err = _error(labels, [[0, 1, 0], [0, "P", 0], [0, 0, 0]])
    assert err.code == "diagonal"
    err = _error(labels, [[0, 1, 0], [0, 0], [0, 0, 0]])
    assert err.code == "not_square" and err.row == 1 and "Ligne 2 (B)" in err.message
    err = _error(labels, [[0, 1, 0], [0, 0, 0]])
    assert err.code == "labels_count"
    err = _error(["A", "", "C"], [[0] * 3] * 3)
    assert err.code == "empty_label" and err.row == 1
    err = _error(["A", "B", "A"], [[0] * 3] * 3)
    assert err.code == "duplicate_label" and err.row == 2
    err = _error(labels, [[0, "x", 0], [0, 0, 0], [0, 0, 0]])
    assert err.code == "out_of_scale" and (err.row, err.column) == (0, 1)
    err = _error(labels, [[0, -1, 0], [0, 0, 0], [0, 0, 0]])
    assert err.code == "out_of_scale"
    err = _error(labels, [[0, True, 0], [0, 0, 0], [0, 0, 0]])
    assert err.code == "out_of_scale"
    err = _error(labels, [[0, None, 0], [0, 0, 0], [0, 0, 0]])
    assert err.code == "out_of_scale"
    err = _error(labels, [[0] * 3] * 3, potential_value=4)
    assert err.code == "out_of_scale"
    err = _error(["A"], [[0]])
    assert err.code == "too_few"


# ---------------------------------------------------------------------------- properties

cells = st.integers(0, 3)


@st.composite
def matrices(draw, values=cells, min_n=2, max_n=6):
    n = draw(st.integers(min_n, max_n))
    m = [[0 if i == j else draw(values) for j in range(n)] for i in range(n)]
    return n, m


def _has_ties(m: np.ndarray, upto: int) -> bool:
    """Whether the row or column sums of some power M^1 … M^upto tie (rounded)."""
    p = m.astype(float)
    p = p / p.sum() if p.sum() else p
    for _ in range(upto):
        for v in (p.sum(axis=1), p.sum(axis=0)):
            top = v.max()
            key = np.round(v / top, 9) if top else v
            if len(set(key.tolist())) < len(key):
                return True
        p = p @ m
        p = p / p.sum() if p.sum() else p
    return False


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices(), st.randoms(use_true_random=False))
def test_permuting_variables_permutes_results(nm, rnd):
    n, m = nm
    labels = [f"V{i}" for i in range(n)]
    perm = list(range(n))
    rnd.shuffle(perm)
    pm = [[m[perm[i]][perm[j]] for j in range(n)] for i in range(n)]
    plabels = [labels[p] for p in perm]
    a, b = micmac(labels, m), micmac(plabels, pm)
    # Direct values follow their variable.
    for key in ("influence", "dependence"):
        assert [a["direct"][key][p] for p in perm] == b["direct"][key]
    assert a["sectors"] == b["sectors"]
    assert sorted(a["regulating"]) == sorted(b["regulating"])
    ka, kb = a["indirect"]["k"], b["indirect"]["k"]
    if ka != kb:
        # Only a tie (broken by input order) can change where the iteration stops.
        assert _has_ties(np.array(m), max(ka, kb) + 1)
        return
    for key in ("influence", "dependence"):
        assert [a["indirect"][key][p] for p in perm] == pytest.approx(b["indirect"][key], abs=1e-12)
    assert a["indirect"]["sectors"] == b["indirect"]["sectors"]
    if not _has_ties(np.array(m), ka + 1):
        for block in ("direct", "indirect"):
            for key in ("influence_rank", "dependence_rank"):
                assert a[block][key] == b[block][key]
        assert a["displacement"] == b["displacement"]


@settings(max_examples=30, deadline=None)
@given(matrices(values=st.integers(0, 1)), st.sampled_from([2, 3]))
def test_scaling_changes_no_ranking_public(nm, c):
    # 0/1 matrices scaled by 2 or 3 stay on the 0–3 scale.
    n, m = nm
    labels = [f"V{i}" for i in range(n)]
    a = micmac(labels, m)
    b = micmac(labels, [[c * v for v in row] for row in m])
    for block in ("direct", "indirect"):
        for key in ("influence_rank", "dependence_rank"):
            assert a[block][key] == b[block][key]
    assert a["indirect"]["k"] == b["indirect"]["k"]
    assert a["indirect"]["influence"] == pytest.approx(b["indirect"]["influence"], abs=1e-12)
    assert a["sectors"] == b["sectors"] and a["indirect"]["sectors"] == b["indirect"]["sectors"]


@settings(max_examples=30, deadline=None)
@given(matrices(max_n=8), st.sampled_from([1e-6, 0.37, 7.0, 1e6]))
def test_scaling_by_any_positive_constant(nm, c):
    # Through the numeric core (the public API only accepts 0–3): any positive factor.
    n, m = nm
    labels = [f"V{i}" for i in range(n)]
    m = np.array(m, dtype=float)
    assume(m.sum() > 0)
    a = _micmac_block(labels, m, 30)
    b = _micmac_block(labels, m * c, 30)
    for block in ("direct", "indirect"):
        for key in ("influence_rank", "dependence_rank"):
            assert a[block][key] == b[block][key]
    assert a["indirect"]["k"] == b["indirect"]["k"]


def test_shares_fraction_check_against_exact_powers():
    # Independent check with exact integer powers (no rescaling) on the 4×4 example.
    m = np.array(M4, dtype=object)
    p = m.dot(m).dot(m)  # M³ in Python ints
    total = sum(p.flatten())
    expected = [Fraction(int(s), int(total)) for s in p.sum(axis=1)]
    r = micmac(LABELS4, M4)
    assert r["indirect"]["influence"] == pytest.approx([float(x) for x in expected])
