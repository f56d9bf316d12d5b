"""HTTP load on the pages with wrk: one run per page, logged in with a session cookie.

Each page is first fetched once and must answer 200 (a 302 to the login page means the
session cookie is wrong: the run stops rather than measure a redirect). Then
`wrk -t2 -c16 -d<N>s --latency -s bench/wrk_report.lua` gives p50/p95/p99, requests/s
and the count of non-2xx/3xx answers; each page's throughput is also given as a ratio of
the trivial view's, measured in the same run.
"""

import json
import subprocess
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
# Builds of each page timed in process, the page cache off.
BUILD_RUNS = 10
WRK_SCRIPT = BENCH_DIR / "wrk_report.lua"

# Targets from the issue: share of the trivial view's requests/s, and p95 in ms.
CLASSES = {
    "ceiling": None,
    "light": {"min_ratio": 0.30, "max_p95_ms": 50},
    "heavy": {"min_ratio": 0.08, "max_p95_ms": 150},
}


def session_cookie(user_id: int) -> str:
    """A logged-in session for `user_id` in the bench database, as a Cookie header value."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from essor.accounts.models import User

    user = User.objects.get(pk=user_id)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "essor.accounts.backends.UsernameOrEmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    # A browser that has signed in also holds the CSRF cookie set by the login page.
    csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    )


def page_targets(info: dict, cohort_size: str = "30") -> list[dict]:
    """The pages measured, with the user each is fetched as (None: anonymous)."""
    live = info["live"][cohort_size]
    slug = live["slug"]
    coordinator, tutor, participant = live["coordinator"], live["tutor"], live["participant"]
    return [
        {"name": "trivial view", "path": "/bench/trivial/", "user": None, "class": "ceiling"},
        {
            "name": "programme page",
            "path": f"/programmes/{info['programme']}/",
            "user": None,
            "class": "light",
        },
        {
            "name": "participant home",
            "path": f"/cohorts/{slug}/me/",
            "user": participant,
            "class": "light",
        },
        {"name": "tutor home", "path": f"/cohorts/{slug}/tutor/", "user": tutor, "class": "light"},
        {
            "name": "verification page",
            "path": f"/verify/{info['verification_code']}/",
            "user": None,
            "class": "light",
        },
        {
            "name": "API cohort (small read)",
            "path": f"/api/cohorts/{slug}",
            "user": coordinator,
            "class": "light",
        },
        {
            "name": "coordinator dashboard",
            "path": f"/cohorts/{slug}/dashboard/",
            "user": coordinator,
            "class": "heavy",
        },
        {
            "name": "attendance grid",
            "path": f"/cohorts/{slug}/attendance/",
            "user": coordinator,
            "class": "heavy",
        },
        {
            "name": "eligibility API",
            "path": f"/api/cohorts/{slug}/eligibility",
            "user": coordinator,
            "class": "heavy",
        },
    ]


class Writer(threading.Thread):
    """Commits a small write `per_second` times a second while pages are measured: another
    cohort's practical information written again. Like any sign-in or saved note, each
    commit makes every page kept by the page cache out of date, so the pages measured
    meanwhile are built again at that rate (essor.core.pagecache)."""

    def __init__(self, per_second: float):
        super().__init__(daemon=True)
        self.interval = 1 / per_second
        self.commits = 0
        self._halt = threading.Event()

    def run(self):
        from django.db import connection
        from django.db.models import F

        from essor.cohorts.models import Cohort

        other = Cohort.objects.exclude(slug__contains="-live-").order_by("pk").first()
        try:
            while not self._halt.wait(self.interval):
                Cohort.objects.filter(pk=other.pk).update(practical_info=F("practical_info"))
                self.commits += 1
        finally:
            connection.close()

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.commits


def heavy_targets(info: dict, cohort_size: str) -> list[dict]:
    """The cohort pages whose cost grows with the cohort (for the growth runs)."""
    return [t for t in page_targets(info, cohort_size) if t["class"] == "heavy"]


def run_wrk(
    url: str, duration: int, connections: int = 16, threads: int = 2, cookie: str | None = None
) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        # wrk's default (2 s) would drop slower answers from the latency figures.
        "--timeout",
        "30s",
        "-s",
        str(WRK_SCRIPT),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(url)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"no report from wrk:\n{output}")


def check_page(server, target: dict, cookie: str | None) -> int:
    """Fetch once; fail loudly unless 200. Returns the body size."""
    status, headers, body = server.get(target["path"], {"Cookie": cookie} if cookie else None)
    if status != 200:
        where = headers.get("Location", "")
        raise RuntimeError(
            f"{target['name']} {target['path']} answered {status} {where} "
            "(a 302 to the login page means the session cookie is wrong)"
        )
    return len(body)


def measure_pages(
    server,
    targets: list[dict],
    duration: int,
    trivial_rps: float | None = None,
    connections: int = 16,
) -> list[dict]:
    """wrk on each target; ratio to the trivial view's requests/s (measured first)."""
    cookies = {}
    results = []
    for target in targets:
        user = target["user"]
        if user is not None and user not in cookies:
            cookies[user] = session_cookie(user)
        cookie = cookies.get(user)
        size = check_page(server, target, cookie)
        report = run_wrk(server.base_url + target["path"], duration, connections, cookie=cookie)
        if target["class"] == "ceiling":
            trivial_rps = report["rps"]
        ratio = report["rps"] / trivial_rps if trivial_rps else None
        limits = CLASSES[target["class"]]
        result = {
            "name": target["name"],
            "path": target["path"],
            "class": target["class"],
            "body_bytes": size,
            **{k: round(v, 2) if isinstance(v, float) else v for k, v in report.items()},
            "ratio_to_trivial": round(ratio, 4) if ratio is not None else None,
        }
        if limits:
            result["target"] = (
                f"ratio >= {limits['min_ratio']:.0%}, p95 <= {limits['max_p95_ms']} ms"
            )
            result["pass"] = bool(
                ratio is not None
                and ratio >= limits["min_ratio"]
                and report["p95_ms"] <= limits["max_p95_ms"]
                and report["non_2xx"] == 0
                and report["socket_errors"] == 0
            )
        results.append(result)
        print(
            f"  {target['name']:28s} {report['rps']:8.1f} req/s  p50 {report['p50_ms']:7.1f}"
            f"  p95 {report['p95_ms']:7.1f}  p99 {report['p99_ms']:7.1f} ms"
            + (f"  ratio {ratio:6.1%}" if ratio is not None else ""),
            flush=True,
        )
    return results


def query_counts(targets: list[dict]) -> dict:
    """SQL queries per page (in-process test client on the bench database): the issue asks
    them to stay independent of data size, so compare them across cohort sizes and scales.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    for target in targets:
        client = Client(HTTP_HOST="127.0.0.1")
        if target["user"] is not None:
            for pair in session_cookie(target["user"]).split("; "):
                name, _sep, value = pair.partition("=")
                client.cookies[name] = value
        # Without the page cache: the queries and the time of building the page, which
        # is what a visitor waits for after any change (essor.core.pagecache).
        with override_settings(ESSOR_PAGE_CACHE=False):
            client.get(target["path"])  # warm per-process state (templates, translations)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(target["path"])
            # Counted now: the captured list is a view on the connection's log, which the
            # next request empties.
            query_count = len(queries)
            start = time.perf_counter()
            for _ in range(BUILD_RUNS):
                client.get(target["path"])
            build_ms = (time.perf_counter() - start) * 1000 / BUILD_RUNS
        counts[target["name"]] = {
            "status": response.status_code,
            "queries": query_count,
            "build_ms": round(build_ms, 2),
        }
    return counts
