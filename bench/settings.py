"""Production-like settings for the benchmark: Essor's own settings, fed a bench environment.

The environment is set *before* importing essor.settings, which reads everything from it.
The database is always a bench database, never the user's (var/essor.sqlite3):

- by default the SQLite file bench/var/bench-<scale>.sqlite3;
- when DATABASE_URL is set (a PostgreSQL server), the database bench_<scale> on that
  server (created and dropped by bench/dataset.py).

BENCH_SCALE (default 1) picks the dataset; bench/run.py sets it for each run.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
BENCH_VAR = BENCH_DIR / "var"
BENCH_SCALE = int(os.environ.get("BENCH_SCALE", "1"))
# The server URL given by the user, kept aside (also for child processes, such as the
# gunicorn workers): DATABASE_URL is rewritten below to the bench database.
if "BENCH_SERVER_URL" not in os.environ:
    os.environ["BENCH_SERVER_URL"] = os.environ.get("DATABASE_URL", "")
BENCH_SERVER_URL = os.environ["BENCH_SERVER_URL"]


def bench_database_url(scale: int) -> str:
    """The bench database for `scale`: a SQLite file, or bench_<scale> on the server."""
    if not BENCH_SERVER_URL:
        return f"sqlite:///{BENCH_VAR / f'bench-{scale}.sqlite3'}"
    parts = urlsplit(BENCH_SERVER_URL)
    return urlunsplit(parts._replace(path=f"/bench_{scale}"))


BENCH_VAR.mkdir(parents=True, exist_ok=True)
os.environ.update(
    {
        "DEBUG": "0",
        "ESSOR_DEMO": "0",
        # Fixed, so that session cookies made by the orchestrator are valid in the workers.
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdefghijkl",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": bench_database_url(BENCH_SCALE),
        "ESSOR_VAR_DIR": str(BENCH_VAR),
        "ESSOR_MEDIA_ROOT": str(BENCH_VAR / "media"),
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "ERROR"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
)

from essor.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"

# Plain HTTP on loopback: in production TLS ends at the reverse proxy, which is not part of
# what is measured. With the redirect on, every request would be a 301 to https://, and a
# Secure cookie would never be sent back over http:// by a real client.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# The verification page limits look-ups per client address (30 a minute). The load
# generator is one address making thousands of look-ups: without lifting the limit the
# page would measure the 429 answer, not the look-up.
ESSOR_VERIFY_RATE_LIMIT = 10**9

# Open Badges need a signing key when DEBUG is off: let Essor generate a bench-only one
# under bench/var (ESSOR_VAR_DIR) as it does in development.
ESSOR_BADGE_DEV_KEY = True
