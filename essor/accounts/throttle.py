"""Login throttling (django-axes): who counts as the same target, and the lockout answer."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .backends import find_login_user

_CACHE_ATTR = "_essor_axes_usernames"


class ThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, first in AUTHENTICATION_BACKENDS.

    Axes refuses to run without a request. Every login over HTTP (login page, API token,
    admin) passes one; only code outside a request does not (the test client's
    `login()`, a shell) and there is no client address to throttle, so this lets the
    next backend decide instead of crashing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_username(request: HttpRequest | None, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: one key per account, whichever way it is typed.

    Without this, « Alice », « alice » and « alice@exemple.fr » would each get their own
    five attempts. Unknown identifiers are folded to lower case.
    """
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get("username")
    raw = (raw or "").strip()
    cache = getattr(request, _CACHE_ATTR, None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            setattr(request, _CACHE_ATTR, cache)
    if raw not in cache:
        user = find_login_user(raw) if raw else None
        cache[raw] = user.username if user is not None else raw.casefold()
    return cache[raw]


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address, seen through ESSOR_PROXY_COUNT proxies.

    Behind a reverse proxy REMOTE_ADDR is the proxy's, and every visitor would share one
    address. Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client's is the N-th from the right; what stands further
    left was written by the client and is not trusted.
    """
    remote = request.META.get("REMOTE_ADDR")
    hops = getattr(settings, "ESSOR_PROXY_COUNT", 0)
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-hops] if len(forwarded) >= hops else remote


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Trop de tentatives de connexion infructueuses : ce compte est bloqué depuis cet "
        "appareil pendant %(minutes)s minutes. Réessayez plus tard, ou réinitialisez votre "
        "mot de passe."
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: JSON for the API, the French lockout page otherwise."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "detail": lockout_message()}, status=status)
    return render(request, "accounts/lockout.html", {"message": lockout_message()}, status=status)
