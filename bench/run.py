"""The benchmark suite: dataset, HTTP load, sign-in burst, documents, foresight, growth.

    .venv/bin/python bench/run.py [--quick] [--scale N] [--growth-scale 10]

Writes bench/results.json and prints a table. Never touches the user's database:
everything lives in the bench database (bench/var/bench-<scale>.sqlite3, or bench_<scale>
on the PostgreSQL server given by DATABASE_URL). See bench/README.md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import dataset  # noqa: E402  (no Django import at module level)

RESULTS = BENCH_DIR / "results.json"
GROWTH_SIZES = ("10", "30", "300")
MEMORY_TARGET_MB = 250
# Commits a second by another process while the cohort pages are measured once more.
WRITES_PER_SECOND = 5


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Essor benchmark suite")
    parser.add_argument("--quick", action="store_true", help="short runs (a smoke test)")
    parser.add_argument("--scale", type=int, default=1, help="dataset scale (1 = Cnam)")
    parser.add_argument(
        "--growth-scale",
        type=int,
        default=0,
        help="also build the dataset at this scale (e.g. 10) and measure the pages on it",
    )
    parser.add_argument("--duration", type=int, help="seconds of wrk per page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads (gthread)")
    parser.add_argument("--skip-documents", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    # Internal: the growth run in a child process (its own scale, its own database).
    parser.add_argument("--pages-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def machine(database: str) -> dict:
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout  # noqa: S607
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "database": database,
        "wrk": wrk.splitlines()[0] if wrk else "?",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        # Other work on the machine skews every figure: the load before the run says so.
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def foresight() -> dict:
    """Run bench/foresight_bench.py (own process) and parse its table."""
    started = time.perf_counter()
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(BENCH_DIR / "foresight_bench.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    rows = []
    pattern = re.compile(r"^(.+?)\s+([\d.]+) ms\s+target < (\d+) ms\s+(\w+)")
    for line in output.splitlines():
        match = pattern.match(line)
        if match:
            name, ms, target, _status = match.groups()
            rows.append(
                {
                    "name": name.strip(),
                    "median_ms": float(ms),
                    "target_ms": int(target),
                    "pass": float(ms) < int(target),
                }
            )
    return {"results": rows, "seconds": round(time.perf_counter() - started, 1)}


def documents(slug: str) -> dict:
    try:
        from bench.documents_bench import run_documents
    except ImportError as error:
        return {"skipped": f"bench/documents_bench.py not importable: {error}"}
    started = time.perf_counter()
    try:
        result = run_documents(slug)
    except Exception as error:  # reported in results.json; the run goes on
        import traceback

        traceback.print_exc()
        return {"error": f"{type(error).__name__}: {error}"}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def measure_server(args, info: dict, durations: dict) -> dict:
    """Everything that needs gunicorn: pages, cohort growth, burst, memory."""
    from bench.burst import reset, run_burst
    from bench.load import heavy_targets, measure_pages, page_targets, query_counts
    from bench.server import Server

    # SQL queries per page, in process, before the load: they must not grow with the data.
    out = {"queries": {size: query_counts(page_targets(info, size)) for size in GROWTH_SIZES}}
    server = Server(args.scale, args.workers, args.worker_class, args.threads)
    with server:
        print(f"gunicorn: {args.workers} {args.worker_class} workers on {server.base_url}")
        started = time.perf_counter()
        print(f"pages (wrk -t2 -c16 -d{durations['pages']}s, cohort of 30):")
        out["pages"] = measure_pages(server, page_targets(info, "30"), durations["pages"])
        trivial_rps = out["pages"][0]["rps"]
        out["pages_seconds"] = round(time.perf_counter() - started, 1)
        if args.pages_only:
            out["peak_worker_mb"] = server.peak_worker_mb()
            return out
        started = time.perf_counter()
        growth = {}
        for size in GROWTH_SIZES:
            print(f"cohort of {size} (wrk -d{durations['growth']}s):")
            growth[size] = measure_pages(
                server, heavy_targets(info, size), durations["growth"], trivial_rps
            )
        out["cohort_growth"] = growth
        out["cohort_growth_seconds"] = round(time.perf_counter() - started, 1)
        out["under_writes"] = pages_under_writes(server, info, durations["growth"], trivial_rps)
        print("sign-in burst (300 participants at once):")
        out["burst"] = run_burst(server.port, info["live"]["300"])
        print(f"  {out['burst']}")
        reset(info["live"]["300"]["burst_slot"])
        out["peak_worker_mb"] = server.peak_worker_mb()
    return out


def pages_under_writes(server, info: dict, duration: int, trivial_rps: float) -> dict:
    """The cohort pages again while another process commits WRITES_PER_SECOND writes a
    second: what the page cache gives when the data keeps changing (no target)."""
    from bench.load import Writer, measure_pages, page_targets

    names = ("participant home", "coordinator dashboard", "attendance grid")
    targets = [t for t in page_targets(info, "30") if t["name"] in names]
    print(f"cohort pages while {WRITES_PER_SECOND} writes a second commit:")
    writer = Writer(WRITES_PER_SECOND)
    writer.start()
    try:
        pages = measure_pages(server, targets, duration, trivial_rps)
    finally:
        commits = writer.stop()
    for page in pages:
        page.pop("pass", None)
        page.pop("target", None)
    return {"writes_per_second": WRITES_PER_SECOND, "commits": commits, "pages": pages}


def growth_run(args, scale: int) -> dict:
    """The whole run of pages at another scale, in a child process (its own database)."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--pages-only",
        f"--scale={scale}",
        f"--workers={args.workers}",
        f"--worker-class={args.worker_class}",
        f"--threads={args.threads}",
        f"--output={BENCH_DIR / 'var' / f'pages-{scale}.json'}",
    ]
    if args.quick:
        command.append("--quick")
    if args.duration:
        command.append(f"--duration={args.duration}")
    subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603
    return json.loads((BENCH_DIR / "var" / f"pages-{scale}.json").read_text())


def targets_of(results: dict) -> list[dict]:
    rows = []
    for page in results.get("pages", []):
        if "target" in page:
            rows.append(
                {
                    "name": f"page: {page['name']}",
                    "target": page["target"],
                    "measured": f"{page['ratio_to_trivial']:.1%} of trivial, "
                    f"p95 {page['p95_ms']:.1f} ms",
                    "pass": page["pass"],
                }
            )
    burst = results.get("burst")
    if burst:
        rows.append(
            {
                "name": "sign-in burst",
                "target": burst["target"],
                "measured": f"{burst['signatures']} signatures, {burst['errors']} errors, "
                f"{burst['duplicates']} duplicates, {burst['duration_s']} s",
                "pass": burst["pass"],
            }
        )
    docs = results.get("documents", {})
    if "certificates" in docs:
        per_second = docs["certificates"]["per_second"]
        rows.append(
            {
                "name": "certificates per second (one core)",
                "target": ">= 40/s",
                "measured": f"{per_second}/s",
                "pass": per_second >= 40,
            }
        )
    weasy = docs.get("weasyprint", {})
    if "ratio" in weasy:
        rows.append(
            {
                "name": "attendance sheet: typst vs WeasyPrint",
                "target": ">= 20x",
                "measured": f"{weasy['ratio']}x",
                "pass": weasy["ratio"] >= 20,
            }
        )
    for row in results.get("foresight", {}).get("results", []):
        rows.append(
            {
                "name": f"foresight: {row['name']}",
                "target": f"< {row['target_ms']} ms",
                "measured": f"{row['median_ms']} ms",
                "pass": row["pass"],
            }
        )
    # Query counts: per page, the same at every cohort size and every dataset scale.
    seen: dict[str, set] = {}
    for by_size in results.get("queries", {}).values():
        for pages in by_size.values():
            for name, row in pages.items():
                seen.setdefault(name, set()).add(row["queries"])
    if seen:
        varying = sorted(name for name, values in seen.items() if len(values) > 1)
        rows.append(
            {
                "name": "query count independent of data size",
                "target": "same count at 10/30/300 participants and every scale",
                "measured": ", ".join(f"{n}: {sorted(v)}" for n, v in seen.items()),
                "pass": not varying,
            }
        )
    memory = results.get("memory", {}).get("peak_worker_mb")
    if memory is not None:
        rows.append(
            {
                "name": "worker memory under load",
                "target": f"<= {MEMORY_TARGET_MB} MB",
                "measured": f"{memory} MB",
                "pass": memory <= MEMORY_TARGET_MB,
            }
        )
    return rows


def print_table(results: dict) -> None:
    m = results["machine"]
    print()
    print(f"Essor benchmark — {m['cores']} cores, Python {m['python']}, {m['database']}")
    print(
        f"{'page':30s} {'class':8s} {'req/s':>8s} {'p50':>7s} {'p95':>7s} {'p99':>7s}"
        f" {'ratio':>7s} {'non2xx':>6s}  result"
    )
    for page in results.get("pages", []):
        verdict = {True: "pass", False: "FAIL"}.get(page.get("pass"), "")
        print(
            f"{page['name']:30s} {page['class']:8s} {page['rps']:8.1f} {page['p50_ms']:7.1f}"
            f" {page['p95_ms']:7.1f} {page['p99_ms']:7.1f} {page['ratio_to_trivial']:7.1%}"
            f" {page['non_2xx']:6d}  {verdict}"
        )
    growth = results.get("growth", {})
    if growth.get("cohort_size"):
        print("\ncohort pages by cohort size (req/s, p95 ms):")
        for size, pages in growth["cohort_size"].items():
            cells = "  ".join(f"{p['name']}: {p['rps']:.1f}/s {p['p95_ms']:.0f} ms" for p in pages)
            print(f"  {size:>4s} participants  {cells}")
    for scale, run in growth.get("dataset_scale", {}).items():
        cells = "  ".join(
            f"{p['name']}: {p['rps']:.1f}/s"
            for p in run.get("pages", [])
            if p["class"] != "ceiling"
        )
        print(f"  dataset x{scale} (built in {run.get('generation_seconds')} s): {cells}")
    writes = results.get("under_writes")
    if writes:
        print(
            f"\ncohort pages while {writes['writes_per_second']} writes a second commit"
            f" ({writes['commits']} commits):"
        )
        for page in writes["pages"]:
            print(
                f"  {page['name']:28s} {page['rps']:8.1f} req/s  p95 {page['p95_ms']:7.1f} ms"
                f"  ratio {page['ratio_to_trivial']:6.1%}"
            )
    builds = results.get("queries", {})
    if builds:
        print("\npage built without the page cache, in process (queries, ms):")
        for scale, by_size in builds.items():
            for size, pages in by_size.items():
                cells = "  ".join(
                    f"{name}: {row['queries']} q {row.get('build_ms', 0):.1f} ms"
                    for name, row in pages.items()
                    if name != "trivial view"
                )
                print(f"  {scale}, {size:>4s} participants  {cells}")
    print("\ntargets:")
    for row in results.get("targets", []):
        print(
            f"  {'pass' if row['pass'] else 'FAIL'}  {row['name']:48s} {row['measured']:44s}"
            f" (target {row['target']})"
        )


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("bench: wrk is needed to drive the load (Debian: apt-get install wrk).")
    total_started = time.perf_counter()
    durations = {
        "pages": args.duration or (3 if args.quick else 15),
        "growth": max(2, (args.duration or (3 if args.quick else 15)) // 2),
    }
    dataset.setup_django(args.scale)
    info = dataset.build(args.scale)
    results = {
        "machine": machine(dataset.database_label()),
        "settings": {
            "scale": args.scale,
            "quick": args.quick,
            "wrk": f"-t2 -c16 -d{durations['pages']}s (growth: -d{durations['growth']}s)",
            "gunicorn": f"{args.workers} {args.worker_class} workers, {args.threads} thread(s)",
        },
        "dataset": {
            "counts": info["counts"],
            "generation_seconds": info["generation_seconds"],
            "migrate_seconds": info["migrate_seconds"],
            "built_at": info["built_at"],
        },
    }
    measured = measure_server(args, info, durations)
    if args.pages_only:
        results.update(
            pages=measured["pages"],
            queries=measured["queries"],
            generation_seconds=info["generation_seconds"],
            memory={"peak_worker_mb": measured["peak_worker_mb"]},
        )
        args.output.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        return 0
    results["pages"] = measured["pages"]
    results["queries"] = {f"scale {args.scale}": measured["queries"]}
    results["burst"] = measured["burst"]
    results["under_writes"] = measured["under_writes"]
    results["memory"] = {"peak_worker_mb": measured["peak_worker_mb"]}
    results["growth"] = {"cohort_size": measured["cohort_growth"], "dataset_scale": {}}
    if args.skip_documents:
        results["documents"] = {"skipped": "--skip-documents"}
    else:
        print("documents (one process, one core):", flush=True)
        results["documents"] = documents(info["live"]["300"]["slug"])
    print("foresight:", flush=True)
    results["foresight"] = foresight()
    results["growth"]["dataset_scale"][str(args.scale)] = {
        "generation_seconds": info["generation_seconds"],
        "pages": measured["pages"],
    }
    if args.growth_scale and args.growth_scale != args.scale:
        print(f"growth: dataset at scale {args.growth_scale} (child process):", flush=True)
        other = growth_run(args, args.growth_scale)
        results["growth"]["dataset_scale"][str(args.growth_scale)] = {
            "generation_seconds": other["generation_seconds"],
            "database": other["machine"]["database"],
            "counts": other["dataset"]["counts"],
            "pages": other["pages"],
        }
        results["queries"][f"scale {args.growth_scale}"] = other["queries"]
    results["targets"] = targets_of(results)
    results["run_seconds"] = round(time.perf_counter() - total_started, 1)
    args.output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print_table(results)
    print(f"\nwritten {args.output} in {results['run_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
