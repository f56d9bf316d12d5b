"""SMIC-Prob-Expert engine: least squares by hand for n = 2, the maximum-entropy tie rule,
several experts, invalid input, and distribution properties."""

import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from essor.foresight.engine import ForesightInputError, _smic_design, _smic_system, smic

# Coherent answers: P(1) = .6, P(2) = .5, P(1|2) = .8 → P(1∩2) = .4;
# P(1|¬2) = (.6 − .4)/.5 = .4; P(2|1) = .4/.6 = 2/3; P(2|¬1) = (.5 − .4)/.4 = .25.
COHERENT = {
    "p": [0.6, 0.5],
    "p_given": [[None, 0.8], [2 / 3, None]],
    "p_given_not": [[None, 0.4], [0.25, None]],
}
# Incoherent answers, solved by hand below.
INCOHERENT = {
    "p": [0.5, 0.5],
    "p_given": [[None, 0.6], [0.4, None]],
    "p_given_not": [[None, 0.4], [0.6, None]],
}


def test_coherent_answers_are_reproduced_exactly():
    # π(11) = P(1∩2) = .4; π(10) = P(1) − .4 = .2; π(01) = P(2) − .4 = .1; π(00) = .3.
    r = smic(["H1", "H2"], [COHERENT])
    assert [s["code"] for s in r["scenarios"]] == ["11", "10", "01", "00"]
    assert [s["p"] for s in r["scenarios"]] == pytest.approx([0.4, 0.2, 0.1, 0.3], abs=1e-7)
    assert r["objective"] == pytest.approx(0.0, abs=1e-12)
    assert r["p"] == pytest.approx([0.6, 0.5], abs=1e-7)
    assert r["p_given"][0][1] == pytest.approx(0.8, abs=1e-6)
    assert r["p_given_not"][1][0] == pytest.approx(0.25, abs=1e-6)
    assert r["unique"] is True and r["max_entropy"] is False and r["note"] is None
    json.dumps(r)


def test_least_squares_by_hand():
    # x = π(11), y = π(10), z = π(01); π(00) appears only in Σπ = 1. The six terms:
    #   P(1):          x + y = .5            P(2):          x + z = .5
    #   P(1|2)P(2):    x = .6 × .5 = .3      P(1|¬2)(1−P(2)): y = .4 × .5 = .2
    #   P(2|1)P(1):    x = .4 × .5 = .2      P(2|¬1)(1−P(1)): z = .6 × .5 = .3
    # Normal equations: 4x + y + z = 1.5; x + 2y = .7; x + 2z = .8
    #   → y + z = .75 − x → 3x = .75 → x = .25, y = .225, z = .275; π(00) = 1 − .75 = .25
    #   (≥ 0, so the simplex constraint is not binding).
    # Residuals −.025, .025, −.05, .025, .05, −.025 → objective = 4 × .000625 + 2 × .0025
    #   = .0075.
    r = smic(["H1", "H2"], [INCOHERENT])
    assert [s["p"] for s in r["scenarios"]] == pytest.approx([0.25, 0.225, 0.275, 0.25], abs=1e-7)
    assert r["objective"] == pytest.approx(0.0075, abs=1e-9)
    # Corrected P*(1) = .25 + .225 = .475, P*(2) = .25 + .275 = .525.
    assert r["p"] == pytest.approx([0.475, 0.525], abs=1e-7)
    # P*(1|2) = .25/.525, P*(1|¬2) = .225/.475, P*(2|1) = .25/.475, P*(2|¬1) = .275/.525.
    assert r["p_given"][0][1] == pytest.approx(0.25 / 0.525, abs=1e-6)
    assert r["p_given_not"][0][1] == pytest.approx(0.225 / 0.475, abs=1e-6)
    assert r["p_given"][1][0] == pytest.approx(0.25 / 0.475, abs=1e-6)
    assert r["p_given_not"][1][0] == pytest.approx(0.275 / 0.525, abs=1e-6)
    # Diagonal: P*(i|i) = 1, P*(i|¬i) = 0.
    assert r["p_given"][0][0] == pytest.approx(1.0)
    assert r["p_given_not"][0][0] == pytest.approx(0.0)


def test_several_experts_average_the_results():
    # Decision: each expert is solved alone, the scenario probabilities are averaged:
    # (.4 + .25)/2, (.2 + .225)/2, (.1 + .275)/2, (.3 + .25)/2; objective = mean (0 + .0075)/2.
    r = smic(["H1", "H2"], [COHERENT, INCOHERENT])
    assert [s["p"] for s in r["scenarios"]] == pytest.approx(
        [0.325, 0.2125, 0.1875, 0.275], abs=1e-7
    )
    assert r["objective"] == pytest.approx(0.00375, abs=1e-9)
    assert len(r["experts"]) == 2
    assert r["experts"][1]["objective"] == pytest.approx(0.0075, abs=1e-9)
    # Marginals of the average = average of the marginals: P*(1) = (.6 + .475)/2.
    assert r["p"][0] == pytest.approx(0.5375, abs=1e-7)
    # Averaging the inputs instead would give another answer (documented choice):
    averaged_inputs = {
        "p": [0.55, 0.5],
        "p_given": [[None, 0.7], [(2 / 3 + 0.4) / 2, None]],
        "p_given_not": [[None, 0.4], [0.425, None]],
    }
    other = smic(["H1", "H2"], [averaged_inputs])
    assert [s["p"] for s in other["scenarios"]] != pytest.approx(
        [s["p"] for s in r["scenarios"]], abs=1e-4
    )


def test_max_entropy_tie_rule_n3_independent_answers():
    # Independent answers P(i|j) = P(i|¬j) = P(i), P = (.5, .4, .2). Any distribution with
    # these pairwise-independent marginals fits exactly (objective 0) — not unique for
    # n = 3 — and the maximum-entropy one is the product distribution:
    # π(111) = .5 × .4 × .2 = .04, π(110) = .5 × .4 × .8 = .16, … π(000) = .5 × .6 × .8 = .24.
    p = [0.5, 0.4, 0.2]
    expert = {
        "p": p,
        "p_given": [[p[i]] * 3 for i in range(3)],
        "p_given_not": [[p[i]] * 3 for i in range(3)],
    }
    r = smic(["a", "b", "c"], [expert])
    assert r["unique"] is False and r["max_entropy"] is True
    assert "entropie maximale" in r["note"]
    assert r["objective"] == pytest.approx(0.0, abs=1e-12)
    expected = []
    for bits in itertools.product([1, 0], repeat=3):
        expected.append(np.prod([p[i] if b else 1 - p[i] for i, b in enumerate(bits)]))
    assert [s["code"] for s in r["scenarios"]] == [
        "111",
        "110",
        "101",
        "100",
        "011",
        "010",
        "001",
        "000",
    ]
    assert [s["p"] for s in r["scenarios"]] == pytest.approx(expected, abs=1e-6)


def test_deterministic():
    rng = np.random.default_rng(3)
    expert = {
        "p": rng.uniform(0.1, 0.9, 4).tolist(),
        "p_given": rng.uniform(0.05, 0.95, (4, 4)).tolist(),
        "p_given_not": rng.uniform(0.05, 0.95, (4, 4)).tolist(),
    }
    assert smic(list("abcd"), [expert]) == smic(list("abcd"), [expert])


def _error(hyps, experts) -> ForesightInputError:
    with pytest.raises(ForesightInputError) as info:
        smic(hyps, experts)
    return info.value


def test_invalid_inputs():
    assert _error(list("abcdefg"), [COHERENT]).code == "smic_size"
    assert _error(["a"], [COHERENT]).code == "smic_size"
    bad = {**COHERENT, "p_given": [[None, 1.2], [0.5, None]]}
    err = _error(["H1", "H2"], [bad])
    assert err.code == "probability_range" and (err.row, err.column) == (0, 1)
    assert "Ligne 1 (H1), colonne 2 (H2)" in err.message
    bad = {**COHERENT, "p": [0.6, "x"]}
    err = _error(["H1", "H2"], [bad])
    assert err.code == "not_number" and err.row == 1
    bad = {**COHERENT, "p_given_not": [[None, 0.4]]}
    assert _error(["H1", "H2"], [bad]).code == "labels_count"
    bad = {**COHERENT, "p": [0.6]}
    assert _error(["H1", "H2"], [bad]).code == "labels_count"
    assert _error(["H1", "H2"], []).code == "experts"
    err = _error(["H1", "H2"], [COHERENT, {**COHERENT, "p": [0.6, -0.1]}])
    assert err.code == "probability_range" and err.message.startswith("Expert 2")


@st.composite
def experts(draw):
    n = draw(st.integers(2, 4))
    prob = st.floats(0, 1, allow_nan=False)
    count = draw(st.integers(1, 2))
    out = [
        {
            "p": [draw(prob) for _ in range(n)],
            "p_given": [[draw(prob) for _ in range(n)] for _ in range(n)],
            "p_given_not": [[draw(prob) for _ in range(n)] for _ in range(n)],
        }
        for _ in range(count)
    ]
    return n, out


@settings(max_examples=25, deadline=None)
@given(experts())
def test_probabilities_are_a_distribution_with_consistent_marginals(data):
    n, exps = data
    r = smic([f"h{i}" for i in range(n)], exps)
    pi = np.array([s["p"] for s in r["scenarios"]])
    assert len(pi) == 2**n
    assert (pi >= 0).all() and pi.sum() == pytest.approx(1.0, abs=1e-9)
    truth, codes = _smic_design(n)
    assert [s["code"] for s in r["scenarios"]] == codes
    # P*(i) = Σ of the scenarios where i holds; P*(i|j) P*(j) = P*(i ∩ j).
    assert r["p"] == pytest.approx((truth.T @ pi).tolist(), abs=1e-9)
    for i in range(n):
        for j in range(n):
            both = float(pi[(truth[:, i] == 1) & (truth[:, j] == 1)].sum())
            if r["p_given"][i][j] is not None:
                assert r["p_given"][i][j] * r["p"][j] == pytest.approx(both, abs=1e-9)
            if r["p_given_not"][i][j] is not None:
                assert r["p_given_not"][i][j] * (1 - r["p"][j]) == pytest.approx(
                    r["p"][i] - both, abs=1e-9
                )
    # Optimality (single expert): no better than the objective at simple candidates.
    if len(exps) == 1:
        e = exps[0]
        pg = np.array(e["p_given"], dtype=float)
        pgn = np.array(e["p_given_not"], dtype=float)
        a, b = _smic_system(truth, e["p"], pg, pgn)
        value = float(np.sum((a @ pi - b) ** 2))
        assert value == pytest.approx(r["objective"], abs=1e-9)
        for candidate in (np.full(2**n, 2.0**-n), np.eye(2**n)[0], np.eye(2**n)[-1]):
            assert value <= float(np.sum((a @ candidate - b) ** 2)) + 1e-9
        # KKT on the simplex: the gradient 2Aᵀ(Aπ − b) is minimal (= μ) on every scenario
        # with π > 0, and ≥ μ elsewhere.
        grad = 2 * a.T @ (a @ pi - b)
        assert np.abs(grad[pi > 1e-6] - grad.min()).max() < 1e-5
