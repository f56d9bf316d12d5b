"""MORPHOL engine: an 8-combination example by hand, the cap, invalid input, and the exact
count against brute force."""

import itertools
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from essor.foresight.engine import ForesightInputError, morphol

COMPONENTS = [
    {"name": "X", "hypotheses": ["x1", "x2"]},  # no p → uniform: 1/2, 1/2
    {"name": "Y", "hypotheses": [{"name": "y1", "p": 0.7}, {"name": "y2", "p": 0.3}]},
    {"name": "Z", "hypotheses": [{"name": "z1", "p": 0.4}, {"name": "z2", "p": 0.6}]},
]
EXCLUSIONS = [["x1", "y2"]]
PREFERENCES = [["x2", "z1"]]  # if x2 then z1: x2 is excluded with z2


def test_by_hand():
    # Space 2 × 2 × 2 = 8. Lexicographic list, p = Π p(h):
    #   x1 y1 z1  .5 × .7 × .4 = .14
    #   x1 y1 z2  .5 × .7 × .6 = .21
    #   x1 y2 z1  excluded (x1, y2)
    #   x1 y2 z2  excluded (x1, y2)
    #   x2 y1 z1  .5 × .7 × .4 = .14
    #   x2 y1 z2  excluded (preference x2 → z1)
    #   x2 y2 z1  .5 × .3 × .4 = .06
    #   x2 y2 z2  excluded (preference)
    # Feasible 4, mass .55; renormalised: .21/.55, .14/.55 (twice: tie, input order
    # keeps x1 y1 z1 first), .06/.55.
    r = morphol(COMPONENTS, EXCLUSIONS, PREFERENCES)
    assert r["space"] == 8
    assert r["feasible"] == 4
    assert r["enumerated"] is True and r["truncated"] is False
    assert r["mass"] == pytest.approx(0.55)
    assert [s["hypotheses"] for s in r["scenarios"]] == [
        ["x1", "y1", "z2"],
        ["x1", "y1", "z1"],
        ["x2", "y1", "z1"],
        ["x2", "y2", "z1"],
    ]
    assert [s["p"] for s in r["scenarios"]] == pytest.approx(
        [0.21 / 0.55, 0.14 / 0.55, 0.14 / 0.55, 0.06 / 0.55]
    )
    assert sum(s["p"] for s in r["scenarios"]) == pytest.approx(1.0)
    assert r["excluded_pairs"] == 2
    json.dumps(r)


def test_top_and_cap():
    r = morphol(COMPONENTS, EXCLUSIONS, PREFERENCES, top=2)
    assert len(r["scenarios"]) == 2 and r["truncated"] is True
    assert r["scenarios"][1]["hypotheses"] == ["x1", "y1", "z1"]
    # Beyond the cap (8 > 7): counted exactly, not listed.
    r = morphol(COMPONENTS, EXCLUSIONS, PREFERENCES, cap=7)
    assert r["enumerated"] is False and r["truncated"] is True
    assert r["space"] == 8 and r["feasible"] == 4 and r["scenarios"] == []
    assert r["mass"] == pytest.approx(0.55)


def test_uniform_without_constraints():
    # 3 × 2 combinations, uniform 1/6 each: all tied → lexicographic order.
    r = morphol(
        [{"name": "A", "hypotheses": ["a1", "a2", "a3"]}, {"name": "B", "hypotheses": ["b1", "b2"]}]
    )
    assert r["space"] == 6 and r["feasible"] == 6
    assert [s["hypotheses"] for s in r["scenarios"]] == [
        ["a1", "b1"],
        ["a1", "b2"],
        ["a2", "b1"],
        ["a2", "b2"],
        ["a3", "b1"],
        ["a3", "b2"],
    ]
    assert all(s["p"] == pytest.approx(1 / 6) for s in r["scenarios"])
    assert r["probabilities"] == "uniform"


def test_nothing_feasible():
    r = morphol(
        [{"name": "A", "hypotheses": ["a1", "a2"]}, {"name": "B", "hypotheses": ["b1", "b2"]}],
        exclusions=[["a1", "b1"], ["a1", "b2"], ["a2", "b1"], ["a2", "b2"]],
    )
    assert r["feasible"] == 0 and r["scenarios"] == [] and r["truncated"] is False


def test_large_space_counted_without_listing():
    # 20 components × 3 hypotheses = 3^20 ≈ 3.5e9 combinations; the exclusion (c0h0, c1h0)
    # removes 3^18 of them; the preference c2h0 → c3h0 removes 2 × 3^18 more.
    comps = [{"name": f"c{c}", "hypotheses": [f"c{c}h{h}" for h in range(3)]} for c in range(20)]
    r = morphol(comps, [["c0h0", "c1h0"]], [["c2h0", "c3h0"]])
    assert r["space"] == 3**20 and r["enumerated"] is False
    # Inclusion–exclusion: the two constraints involve disjoint components, so
    # feasible = 3^20 × (1 − 1/9) × (1 − 2/9).
    assert r["feasible"] == 3**20 * 8 * 7 // 81
    assert r["mass"] == pytest.approx(8 / 9 * 7 / 9)


def _error(*args, **kw) -> ForesightInputError:
    with pytest.raises(ForesightInputError) as info:
        morphol(*args, **kw)
    return info.value


def test_invalid_inputs():
    bad_sum = [
        {"name": "X", "hypotheses": [{"name": "x1", "p": 0.5}, {"name": "x2", "p": 0.4}]},
        {"name": "Y", "hypotheses": ["y1", "y2"]},
    ]
    err = _error(bad_sum)
    assert err.code == "probability_sum" and err.row == 0 and "Composante 1 (X)" in err.message
    # Within the 1e-6 tolerance: accepted.
    ok = [
        {"name": "X", "hypotheses": [{"name": "x1", "p": 0.5}, {"name": "x2", "p": 0.5000005}]},
        {"name": "Y", "hypotheses": ["y1", "y2"]},
    ]
    assert morphol(ok)["feasible"] == 4
    err = _error([{"name": "X", "hypotheses": [{"name": "x1", "p": 1.5}, "x2"]}])
    assert err.code == "probability_range" and (err.row, err.column) == (0, 0)
    err = _error([{"name": "X", "hypotheses": [{"name": "x1", "p": 1.0}, "x2"]}])
    assert err.code == "partial_probabilities" and (err.row, err.column) == (0, 1)
    err = _error([{"name": "X", "hypotheses": ["x1"]}])
    assert err.code == "too_few"
    err = _error(
        [{"name": "X", "hypotheses": ["h", "x2"]}, {"name": "Y", "hypotheses": ["h", "y2"]}]
    )
    assert err.code == "duplicate_label" and (err.row, err.column) == (1, 0)
    err = _error(COMPONENTS, [["x1", "nope"]])
    assert err.code == "unknown_hypothesis" and (err.row, err.column) == (0, 1)
    assert "« nope »" in err.message
    err = _error(COMPONENTS, [], [["ghost", "z1"]])
    assert err.code == "unknown_hypothesis" and (err.row, err.column) == (0, 0)
    err = _error(COMPONENTS, [["x1", "x2"]])
    assert err.code == "same_component"
    err = _error(COMPONENTS, [["x1"]])
    assert err.code == "shape"
    err = _error([])
    assert err.code == "too_few"


# ------------------------------------------------------------- exact count vs brute force


@st.composite
def spaces(draw):
    sizes = draw(st.lists(st.integers(2, 4), min_size=1, max_size=5))
    names = [[f"c{c}h{h}" for h in range(s)] for c, s in enumerate(sizes)]
    flat = [(c, h) for c, s in enumerate(sizes) for h in range(s)]
    pairs = []
    if len(sizes) > 1:
        for _ in range(draw(st.integers(0, 8))):
            a = draw(st.sampled_from(flat))
            b = draw(st.sampled_from([x for x in flat if x[0] != a[0]]))
            pairs.append((a, b))
    prefs = []
    if len(sizes) > 1:
        for _ in range(draw(st.integers(0, 2))):
            a = draw(st.sampled_from(flat))
            b = draw(st.sampled_from([x for x in flat if x[0] != a[0]]))
            prefs.append((a, b))
    weights = [[draw(st.integers(1, 5)) for _ in range(s)] for s in sizes]
    with_p = draw(st.booleans())
    comps = []
    for c, s in enumerate(sizes):
        total = sum(weights[c])
        hyps = [
            {"name": names[c][h], "p": weights[c][h] / total} if with_p else names[c][h]
            for h in range(s)
        ]
        comps.append({"name": f"c{c}", "hypotheses": hyps})
    probs = [
        [w / sum(weights[c]) if with_p else 1 / len(weights[c]) for w in weights[c]]
        for c in range(len(sizes))
    ]
    return sizes, names, comps, pairs, prefs, probs


def _brute(sizes, pairs, prefs, probs):
    banned = {frozenset(p) for p in pairs}
    for a, (cb, hb) in prefs:
        for h in range(sizes[cb]):
            if h != hb:
                banned.add(frozenset([a, (cb, h)]))
    out = []
    for combo in itertools.product(*[range(s) for s in sizes]):
        chosen = [(c, h) for c, h in enumerate(combo)]
        if any(frozenset([x, y]) in banned for x, y in itertools.combinations(chosen, 2)):
            continue
        out.append((combo, math.prod(probs[c][h] for c, h in enumerate(combo))))
    return out


@settings(max_examples=60, deadline=None)
@given(spaces(), st.integers(0, 40))
def test_feasible_count_equals_brute_force(space, cap):
    sizes, names, comps, pairs, prefs, probs = space

    def name(x):
        return names[x[0]][x[1]]

    ex = [[name(a), name(b)] for a, b in pairs]
    pr = [[name(a), name(b)] for a, b in prefs]
    brute = _brute(sizes, pairs, prefs, probs)
    mass = sum(p for _, p in brute)
    # Enumerated (large cap) and counted (small cap, often below the space size).
    for c in (1_000_000, cap):
        r = morphol(comps, ex, pr, top=2000, cap=c)
        assert r["space"] == math.prod(sizes)
        assert r["feasible"] == len(brute)
        assert r["mass"] == pytest.approx(mass)
        assert r["enumerated"] == (r["space"] <= c)
    r = morphol(comps, ex, pr, top=2000)
    # Listing: highest renormalised p first, ties in lexicographic (input) order.
    expected = sorted(brute, key=lambda item: -round(item[1] / mass, 12)) if brute else []
    assert [s["hypotheses"] for s in r["scenarios"]] == [
        [names[c][h] for c, h in enumerate(combo)] for combo, _ in expected
    ]
    assert [s["p"] for s in r["scenarios"]] == pytest.approx([p / mass for _, p in expected])


def test_counting_budget(monkeypatch):
    # Exact counting is #P-hard in general: past the state budget, a clear error instead
    # of an unbounded computation (budget lowered here to trigger it on a small case).
    import essor.foresight.engine as engine

    monkeypatch.setattr(engine, "MORPHOL_MAX_STATES", 2)
    comps = [{"name": f"c{c}", "hypotheses": [f"c{c}h{h}" for h in range(3)]} for c in range(4)]
    ex = [["c0h0", "c1h0"], ["c0h1", "c2h1"], ["c1h2", "c3h0"], ["c2h0", "c3h1"]]
    err = _error(comps, ex, cap=0)
    assert err.code == "too_complex"
    # Enumeration below the cap is unaffected.
    assert morphol(comps, ex)["feasible"] == len(_brute([3] * 4, [], [], [[1 / 3] * 3] * 4)) - (
        len(_brute([3] * 4, [], [], [[1 / 3] * 3] * 4))
        - len(
            _brute(
                [3] * 4,
                [((0, 0), (1, 0)), ((0, 1), (2, 1)), ((1, 2), (3, 0)), ((2, 0), (3, 1))],
                [],
                [[1 / 3] * 3] * 4,
            )
        )
    )
