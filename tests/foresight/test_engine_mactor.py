"""MACTOR engine: a 3-actor example computed by hand, edge cases, invalid input,
properties."""

import json
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from essor.foresight.engine import ForesightInputError, mactor

ACTORS = ["A", "B", "C"]
OBJECTIVES = ["o1", "o2"]
MID = [
    [0, 2, 1],  # A influences B (2: projects) and C (1: procedures)
    [3, 0, 0],  # B influences A (3: missions)
    [1, 1, 0],  # C influences A and B (1)
]
MAO = [
    [2, -1],  # A: for o1 (2), against o2 (1)
    [1, 3],  # B: for both
    [-4, 0],  # C: strongly against o1, indifferent to o2
]


def test_midi_by_hand():
    # MIDI_ij = MID_ij + Σ_k min(MID_ik, MID_kj) (k = i or j contributes min(0, ·) = 0).
    #   AA = min(AB 2, BA 3) + min(AC 1, CA 1) = 2 + 1 = 3 (feedback)
    #   AB = 2 + min(AC 1, CB 1) = 3        AC = 1 + min(AB 2, BC 0) = 1
    #   BA = 3 + min(BC 0, CA 1) = 3        BB = min(BA 3, AB 2) + min(BC 0, CB 1) = 2
    #   BC = 0 + min(BA 3, AC 1) = 1        CA = 1 + min(CB 1, BA 3) = 2
    #   CB = 1 + min(CA 1, AB 2) = 2        CC = min(CA 1, AC 1) + min(CB 1, BC 0) = 1
    r = mactor(ACTORS, OBJECTIVES, MID, MAO)
    assert r["midi"] == [[3, 3, 1], [3, 2, 1], [2, 2, 1]]
    assert r["feedback"] == [3, 2, 1]
    # I = row sums (diagonal included) [7, 6, 5]; D = column sums [8, 7, 3].
    assert r["influence"] == [7, 6, 5]
    assert r["dependence"] == [8, 7, 3]
    # BN = MIDI − MIDIᵀ.
    assert r["net_balance"] == [[0, 0, -1], [0, 0, -1], [1, 1, 0]]
    # Plane: means ΣI/m = 18/3 = 6 on both axes; "high" = strictly above.
    # A (7, 8) relais; B (I 6 not above, D 7) domine; C (5, 3) autonome.
    assert r["thresholds"] == {"influence": 6.0, "dependence": 6.0}
    assert r["sectors"] == {"A": "relais", "B": "domine", "C": "autonome"}
    json.dumps(r)


def _r_star():
    # r_i = ((I_i − MIDI_ii) / ΣI) × (I_i / (I_i + D_i)), ΣI = 18:
    #   r_A = (4/18)(7/15) = 14/135; r_B = (4/18)(6/13) = 4/39; r_C = (4/18)(5/8) = 5/36.
    r = [F(14, 135), F(4, 39), F(5, 36)]
    total = sum(r)
    return r, [3 * x / total for x in r]  # r* = m r / Σr (mean 1)


def test_power_ratios_by_hand():
    r, rs = _r_star()
    out = mactor(ACTORS, OBJECTIVES, MID, MAO)
    assert out["r"] == pytest.approx([float(x) for x in r], rel=1e-12)
    assert out["r_star"] == pytest.approx([float(x) for x in rs], rel=1e-12)
    assert sum(out["r_star"]) == pytest.approx(3.0)


def test_positions_by_hand():
    _, (ra, rb, rc) = _r_star()
    out = mactor(ACTORS, OBJECTIVES, MID, MAO)
    # 1MAO = sign(2MAO); 3MAO_ik = r*_i × 2MAO_ik.
    assert out["mao1"] == [[1, -1], [1, 1], [-1, 0]]
    expected3 = [[2 * ra, -ra], [rb, 3 * rb], [-4 * rc, 0]]
    assert np.allclose(out["mao3"], [[float(x) for x in row] for row in expected3])
    # Pairs, over objectives where both are non-zero:
    #   A–B: o1 (+2, +1) converge; o2 (−1, +3) diverge.
    #   A–C: o1 (+2, −4) diverge; o2 skipped (C is 0).
    #   B–C: o1 (+1, −4) diverge; o2 skipped.
    assert out["caa1"] == [[0, 1, 0], [1, 0, 0], [0, 0, 0]]
    assert out["daa1"] == [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    # 2CAA/2DAA = Σ (|x_ik| + |x_jk|) / 2 on 2MAO:
    #   CAA A–B = (2 + 1)/2 = 1.5; DAA A–B = (1 + 3)/2 = 2; A–C = (2 + 4)/2 = 3;
    #   B–C = (1 + 4)/2 = 2.5.
    assert out["caa2"] == [[0, 1.5, 0], [1.5, 0, 0], [0, 0, 0]]
    assert out["daa2"] == [[0, 2, 3], [2, 0, 2.5], [3, 2.5, 0]]
    # 3CAA/3DAA: the same on 3MAO.
    caa_ab = (2 * ra + rb) / 2
    daa_ab = (ra + 3 * rb) / 2
    daa_ac = (2 * ra + 4 * rc) / 2
    daa_bc = (rb + 4 * rc) / 2
    assert np.allclose(
        out["caa3"], [[0, float(caa_ab), 0], [float(caa_ab), 0, 0], [0, 0, 0]], atol=1e-12
    )
    assert np.allclose(
        out["daa3"],
        [
            [0, float(daa_ab), float(daa_ac)],
            [float(daa_ab), 0, float(daa_bc)],
            [float(daa_ac), float(daa_bc), 0],
        ],
    )
    # Implication Σ|2MAO|: A 2 + 1 = 3, B 1 + 3 = 4, C 4 + 0 = 4.
    assert out["implication"] == [3, 4, 4]
    # Mobilisation Σ|3MAO|: A 3 r*_A, B 4 r*_B, C 4 r*_C.
    assert out["mobilisation"] == pytest.approx([float(3 * ra), float(4 * rb), float(4 * rc)])
    # Per objective on 3MAO: o1 for = 2 r*_A + r*_B, against = −4 r*_C (sum of the
    # negative values), mobilisation = 2 r*_A + r*_B + 4 r*_C; o2 for = 3 r*_B,
    # against = −r*_A, mobilisation = r*_A + 3 r*_B.
    o1, o2 = out["objectives"]
    assert o1["name"] == "o1" and o2["name"] == "o2"
    assert o1["for"] == pytest.approx(float(2 * ra + rb))
    assert o1["against"] == pytest.approx(float(-4 * rc))
    assert o1["mobilisation"] == pytest.approx(float(2 * ra + rb + 4 * rc))
    assert o2["for"] == pytest.approx(float(3 * rb))
    assert o2["against"] == pytest.approx(float(-ra))
    assert o2["mobilisation"] == pytest.approx(float(ra + 3 * rb))


def test_dominant_actor_and_zero_power():
    # A → B with 4, nothing back. MIDI = MID (no two-step path, no loop):
    # I = [4, 0], D = [0, 4], mean 2 → A dominant, B domine.
    # r_A = ((4 − 0)/4)(4/4) = 1, r_B = (0/4)(0/4) = 0 → r* = [2, 0].
    # B's 3MAO row is 0, so on 3MAO no objective has both non-zero: 3CAA = 3DAA = 0,
    # while on 2MAO they converge on o1: 2CAA = (1 + 3)/2 = 2.
    out = mactor(["A", "B"], ["o1"], [[0, 4], [0, 0]], [[1], [3]])
    assert out["sectors"] == {"A": "dominant", "B": "domine"}
    assert out["r"] == [1.0, 0.0] and out["r_star"] == [2.0, 0.0]
    assert out["caa2"] == [[0, 2], [2, 0]]
    assert out["caa3"] == [[0, 0], [0, 0]]
    assert out["mao3"] == [[2.0], [0.0]]


def test_zero_influence_gives_equal_weights():
    # Decision: MID = 0 → ΣI = 0, every r_i = 0 (no division by zero), r* = 1 for all
    # (mean 1 kept), so 3MAO = 2MAO.
    out = mactor(["A", "B"], ["o1", "o2"], [[0, 0], [0, 0]], [[1, -2], [-3, 0]])
    assert out["r"] == [0.0, 0.0] and out["r_star"] == [1.0, 1.0]
    assert out["mao3"] == [[1.0, -2.0], [-3.0, 0.0]]
    assert out["daa3"] == [[0, 2.0], [2.0, 0]]  # o1: (1 + 3)/2


def test_sum_over_all_k_equals_sum_over_other_actors():
    # The spec's Σ_k over all actors equals Σ over k ∉ {i, j} because MID_ii = 0.
    rng = np.random.default_rng(5)
    for _ in range(20):
        m = rng.integers(0, 5, size=(6, 6))
        np.fill_diagonal(m, 0)
        out = np.array(mactor([f"a{i}" for i in range(6)], ["o"], m.tolist(), [[0]] * 6)["midi"])
        for i in range(6):
            for j in range(6):
                others = sum(min(m[i, k], m[k, j]) for k in range(6) if k not in (i, j))
                assert out[i, j] == m[i, j] + others


def test_invalid_inputs():
    with pytest.raises(ForesightInputError) as info:
        mactor(ACTORS, OBJECTIVES, [[0, 5, 1], [3, 0, 0], [1, 1, 0]], MAO)
    err = info.value
    assert err.code == "out_of_scale" and (err.row, err.column) == (0, 1)
    assert err.message == "Ligne 1 (A), colonne 2 (B) : valeur « 5 » hors de l'échelle 0–4."
    with pytest.raises(ForesightInputError) as info:
        mactor(ACTORS, OBJECTIVES, MID, [[2, -1], [1, 5], [-4, 0]])
    assert info.value.code == "out_of_scale" and (info.value.row, info.value.column) == (1, 1)
    assert "colonne 2 (o2)" in info.value.message
    with pytest.raises(ForesightInputError) as info:
        mactor(ACTORS, OBJECTIVES, MID, [[2, -1], [1], [-4, 0]])
    assert info.value.code == "shape" and info.value.row == 1
    with pytest.raises(ForesightInputError) as info:
        mactor(ACTORS, OBJECTIVES, [[1, 2, 1], [3, 0, 0], [1, 1, 0]], MAO)
    assert info.value.code == "diagonal" and (info.value.row, info.value.column) == (0, 0)
    with pytest.raises(ForesightInputError) as info:
        mactor(ACTORS, ["o1", "o1"], MID, MAO)
    assert info.value.code == "duplicate_label"
    with pytest.raises(ForesightInputError) as info:
        mactor(ACTORS, OBJECTIVES, [[0, 2], [3, 0]], MAO)
    assert info.value.code == "labels_count"
    with pytest.raises(ForesightInputError) as info:
        mactor(ACTORS, OBJECTIVES, MID, [[2, 0.5], [1, 3], [-4, 0]])
    assert info.value.code == "not_integer"


@st.composite
def games(draw):
    m = draw(st.integers(2, 6))
    p = draw(st.integers(1, 5))
    mid = [[0 if i == j else draw(st.integers(0, 4)) for j in range(m)] for i in range(m)]
    mao = [[draw(st.integers(-4, 4)) for _ in range(p)] for _ in range(m)]
    return m, p, mid, mao


@settings(max_examples=40, deadline=None)
@given(games(), st.randoms(use_true_random=False))
def test_permuting_actors_and_objectives_permutes_results(game, rnd):
    m, p, mid, mao = game
    actors = [f"A{i}" for i in range(m)]
    objectives = [f"O{k}" for k in range(p)]
    pa, po = list(range(m)), list(range(p))
    rnd.shuffle(pa)
    rnd.shuffle(po)
    a = mactor(actors, objectives, mid, mao)
    b = mactor(
        [actors[i] for i in pa],
        [objectives[k] for k in po],
        [[mid[pa[i]][pa[j]] for j in range(m)] for i in range(m)],
        [[mao[pa[i]][po[k]] for k in range(p)] for i in range(m)],
    )
    for key in ("midi", "net_balance", "caa1", "daa1", "caa2", "daa2", "caa3", "daa3"):
        mat = np.array(a[key])
        assert np.allclose(mat[np.ix_(pa, pa)], b[key], atol=1e-12)
    for key in ("influence", "dependence", "feedback", "r", "r_star"):
        assert np.allclose(np.array(a[key])[pa], b[key], atol=1e-12)
    for key in ("implication", "mobilisation"):
        assert np.allclose(np.array(a[key])[pa], b[key], atol=1e-12)
    assert np.allclose(np.array(a["mao3"])[np.ix_(pa, po)], b["mao3"], atol=1e-12)
    assert a["sectors"] == b["sectors"]
    by_name = {o["name"]: o for o in a["objectives"]}
    for o in b["objectives"]:
        for key in ("for", "against", "mobilisation"):
            assert o[key] == pytest.approx(by_name[o["name"]][key], abs=1e-12)
    # Invariants: r* has mean 1 (or is all 1), CAA/DAA are symmetric with a zero diagonal.
    assert sum(a["r_star"]) == pytest.approx(m)
    for key in ("caa1", "daa3"):
        mat = np.array(a[key])
        assert np.allclose(mat, mat.T) and not np.diag(mat).any()
