"""Rendered pages kept until the data they show may have changed.

A cached page is stored under a key made of:

- who asks: the session's signed-in user (id, backend and password-derived hash, so a hit
  loads no user), and the `Authorization` header (API tokens), hashed with the rest;
- what is asked: host, full path with its query, and the htmx headers (a fragment is not
  the page);
- how: the active language and time zone;
- when: a 30-second slice of the clock. Slices are aligned on the minute, so whatever
  opens or closes on a minute (a sign-in window, a deadline) shows on time;
- the *data version* of the database, read before the page is built (with the session
  when there is one, in the same query):
  - SQLite: `PRAGMA data_version`, which changes as soon as another connection commits,
    with the connection's serial in this process (a new connection starts a new count);
  - PostgreSQL: `pg_current_snapshot()`, which changes whenever a writing transaction
    starts or commits anywhere on the server: in another database too, or the
    autovacuum's ANALYZE. Those make needless misses, never a stale page; a server shared
    with busy applications lowers the hit rate;
  - and this process's own writes: every statement that is not a read bumps a counter
    (an execute wrapper on each connection), as does a change of settings. A whole
    transaction rolled back is not counted: cached views only read, outside any
    transaction, so no page they store can show what it had written.

The version is read before the page is built: a page may hold data newer than its key says
(harmless, that key is already out of date), never older. Any commit anywhere makes every
key new; nothing is invalidated by hand, so no write path can forget to.

Only 200 answers to GET/HEAD that set no cookie and leave no message are stored, and a
request with a message waiting is never answered from the cache. The CSRF token in a
page belongs to its visitor: it is stored as a placeholder and each answer gets the
visitor's own token. Each worker keeps its own entries (the `pages` cache, in memory).
"""

import hashlib
import itertools
import re
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.translation import get_language

from essor.core import clock

SLICE_SECONDS = 30
# Statements that change nothing; anything else counts as a write (ROLLBACK TO SAVEPOINT
# too: a page rendered before it would show data that no longer exists).
_READS = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "SHOW", "EXPLAIN")
# Request headers that change what a cached view answers.
_VARY_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_BOOSTED")
_PLACEHOLDER = b"\x00essor-csrf\x00"
_MASKED_TOKEN = re.compile(rb"[a-zA-Z0-9]{64}")

# Responses headers not replayed: the length changes with the visitor's token.
_UNSTORED_HEADERS = {"content-length"}

_writes = itertools.count(1)
_local_version = 0
_serials = itertools.count(1)


def _bump() -> None:
    global _local_version
    _local_version = next(_writes)  # itertools.count is safe across threads


def _count_writes(execute, sql, params, many, context):
    if sql.lstrip()[:9].upper().startswith(_READS):
        return execute(sql, params, many, context)
    try:
        return execute(sql, params, many, context)
    finally:
        # After the statement: a page read meanwhile is stored under the old count.
        _bump()


@receiver(connection_created)
def _watch_connection(sender, connection, **kwargs):
    connection.essor_serial = next(_serials)
    if _count_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_count_writes)


@receiver(setting_changed)
def _settings_changed(**kwargs):
    _bump()


def version_column(db) -> str:
    """The database's shared version as an SQL expression, to read in the same SELECT as
    other columns: the session store reads it with the session (one round trip less)."""
    if db.vendor == "sqlite":
        return "(SELECT data_version FROM pragma_data_version())"
    return "pg_current_snapshot()::text"


def shared_version(db, value) -> str:
    """`value` read through `version_column` on `db`, made comparable across connections."""
    if _count_writes not in db.execute_wrappers:  # opened before Essor was ready
        _watch_connection(sender=None, connection=db)
    # SQLite counts per connection: a new connection starts a new count.
    return f"{db.essor_serial}.{value}" if db.vendor == "sqlite" else str(value)


def first_read(db, sql: str, params=()) -> tuple | None:
    """One row of `sql`, run as the request's first query.

    With `CONN_HEALTH_CHECKS` (PostgreSQL), Django checks a kept connection with a
    `SELECT 1` before the request's first query: a round trip of its own on every cache
    hit. When that check is still owed, this query is the check instead: a connection
    found broken is closed, as Django would, and the query runs again on a new one.
    """
    owed = (
        db.health_check_enabled
        and not db.health_check_done
        and db.connection is not None
        and not db.in_atomic_block
    )
    if owed:
        db.health_check_done = True
        try:
            return _fetch_one(db, sql, params)
        except (InterfaceError, OperationalError):
            db.close()
    return _fetch_one(db, sql, params)


def _fetch_one(db, sql: str, params) -> tuple | None:
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def data_version(request=None) -> str:
    """What the database holds, as a short string: equal strings, same data.

    The shared part read with this request's session, when it was (before the page's
    own reads, which is what matters), or read now.
    """
    shared = getattr(getattr(request, "session", None), "essor_data_version", None)
    if shared is None:
        row = first_read(connection, f"SELECT {version_column(connection)}")
        shared = shared_version(connection, row[0])
    return f"{shared}/{_local_version}"


def _who(request) -> str:
    """Who asks, without loading the user: the session's signed-in id, backend and
    password-derived hash. Under one data version the user's row cannot have changed, so
    the same three always authenticate the same person (or no one): a cache hit needs no
    user query, and a cached view may sit outside `login_required`."""
    session = getattr(request, "session", None)
    if session is None:
        user = request.user
        return f"u{user.pk}" if user.is_authenticated else "anon"
    return "\x1e".join(
        str(session.get(name, "")) for name in (SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY)
    )


def _key(request) -> str:
    parts = [
        _who(request),
        request.META.get("HTTP_AUTHORIZATION", ""),  # hashed with the rest, never stored
        request.method,
        request.get_host(),
        request.scheme,
        request.get_full_path(),
        *(request.META.get(name, "") for name in _VARY_HEADERS),
        get_language() or "",
        timezone.get_current_timezone_name(),
        str(int(clock.now().timestamp()) // SLICE_SECONDS),
        data_version(request),
    ]
    return "page:" + hashlib.blake2b("\x1f".join(parts).encode(), digest_size=20).hexdigest()


def _messages_waiting(request) -> bool:
    # len() reads the stored messages without marking them as seen.
    return bool(len(messages.get_messages(request)))


def _with_placeholder(request, content: bytes) -> tuple[bytes, bool]:
    """Replace this visitor's masked CSRF tokens in `content` by the placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content, False
    found = False

    def swap(match):
        nonlocal found
        token = match.group().decode()
        if _unmask_cipher_token(token) == secret:
            found = True
            return _PLACEHOLDER
        return match.group()

    return _MASKED_TOKEN.sub(swap, content), found


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
    )


def cached_page(view):
    """Answer `view` from the cache while nothing it may show has changed (see above).

    Only for views whose answer depends on nothing but the key's parts: the user, the
    URL, the language, the time and the database. Not for a view that reads the session
    (beyond who is signed in), a cookie or another header, or that writes. Put it above
    `login_required`: a hit then answers without loading the user.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            not settings.ESSOR_PAGE_CACHE
            or request.method not in ("GET", "HEAD")
            or _messages_waiting(request)
        ):
            return view(request, *args, **kwargs)
        store = caches["pages"]
        key = _key(request)
        entry = store.get(key)
        if entry is not None:
            return _replay(request, entry)
        response = view(request, *args, **kwargs)
        if _storable(response) and not _messages_waiting(request):
            content, has_token = _with_placeholder(request, response.content)
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _UNSTORED_HEADERS
            ]
            # Useless once the clock's slice is over: the next slice has other keys.
            store.set(
                key, (response.status_code, headers, content, has_token), timeout=SLICE_SECONDS
            )
        return response

    return wrapper


def _replay(request, entry) -> HttpResponse:
    status, headers, content, has_token = entry
    if has_token:
        content = content.replace(_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
