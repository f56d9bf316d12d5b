"""Timings of the foresight engine: median of several runs.

Run: .venv/bin/python bench/foresight_bench.py
Targets: MICMAC 120 variables and MACTOR 40 actors × 60 objectives each well under
50 ms; MORPHOL enumerating 10⁶ combinations under 2 s.
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from essor.foresight.engine import mactor, micmac, morphol

RUNS = 7


def median_ms(func, runs=RUNS):
    func()  # warm-up (imports, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def micmac_case(n=120, seed=1):
    rng = np.random.default_rng(seed)
    m = rng.choice([0, 0, 0, 1, 2, 3], size=(n, n)).astype(object)
    m[rng.random((n, n)) < 0.02] = "P"
    np.fill_diagonal(m, 0)
    labels = [f"V{i + 1}" for i in range(n)]
    return labels, m.tolist()


def mactor_case(m=40, p=60, seed=2):
    rng = np.random.default_rng(seed)
    mid = rng.integers(0, 5, size=(m, m))
    np.fill_diagonal(mid, 0)
    mao = rng.integers(-4, 5, size=(m, p))
    return (
        [f"A{i + 1}" for i in range(m)],
        [f"O{k + 1}" for k in range(p)],
        mid.tolist(),
        (mao.tolist()),
    )


def morphol_case(seed=3):
    # 6 components × 10 hypotheses = 10⁶ combinations, probabilities, 30 exclusions.
    rng = np.random.default_rng(seed)
    components = []
    for c in range(6):
        p = rng.random(10)
        p /= p.sum()
        components.append(
            {
                "name": f"C{c + 1}",
                "hypotheses": [{"name": f"C{c + 1}H{h + 1}", "p": float(p[h])} for h in range(10)],
            }
        )
    exclusions = []
    while len(exclusions) < 30:
        c1, c2 = rng.choice(6, size=2, replace=False)
        exclusions.append(
            [f"C{c1 + 1}H{rng.integers(10) + 1}", f"C{c2 + 1}H{rng.integers(10) + 1}"]
        )
    return components, exclusions


def main():
    labels, matrix = micmac_case()
    actors, objectives, mid, mao = mactor_case()
    components, exclusions = morphol_case()
    # All 10⁶ combinations tie (uniform p): the worst case for the ranking.
    uniform = [{"name": f"U{c}", "hypotheses": [f"U{c}H{h}" for h in range(10)]} for c in range(6)]
    rows = [
        ("MICMAC 120 variables (with P cells)", median_ms(lambda: micmac(labels, matrix)), 50),
        (
            "MACTOR 40 actors × 60 objectives",
            median_ms(lambda: mactor(actors, objectives, mid, mao)),
            50,
        ),
        (
            "MORPHOL 10⁶ combinations (enumeration)",
            median_ms(lambda: morphol(components, exclusions), runs=5),
            2000,
        ),
        (
            "MORPHOL 10⁶ combinations, uniform, no exclusion",
            median_ms(lambda: morphol(uniform), runs=5),
            2000,
        ),
        (
            "MORPHOL 10⁶ combinations (count only, cap 0)",
            median_ms(lambda: morphol(components, exclusions, cap=0), runs=5),
            2000,
        ),
    ]
    print(f"median of {RUNS} runs (MORPHOL: 5)")
    for name, ms, target in rows:
        status = "OK" if ms < target else "SLOW"
        print(f"{name:48s} {ms:10.2f} ms   target < {target} ms   {status}")


if __name__ == "__main__":
    main()
