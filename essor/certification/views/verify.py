"""The public verification page of a certificate: `/verify/<code>/` (the QR code's URL).

An unknown code gets the same generic page as any other miss, with status 404; lookups are
limited per address so that codes cannot be enumerated.
"""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essor.certification.certificate_selectors import public_status
from essor.core import clock
from essor.core.pagecache import cached_page

# Lookups per address and per minute (page and API together).
RATE_LIMIT = 30


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def too_many_lookups(request) -> bool:
    """Count this lookup for the client's address; True beyond the limit this minute."""
    limit = getattr(settings, "ESSOR_VERIFY_RATE_LIMIT", RATE_LIMIT)
    minute = int(clock.now().timestamp() // 60)
    key = f"essor-verify:{client_address(request)}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > limit


def too_many_message() -> str:
    return _("Trop de vérifications depuis votre adresse. Réessayez dans une minute.")


@require_safe
def verify(request, code):
    if too_many_lookups(request):
        return render(
            request,
            "certification/verify_limited.html",
            {"message": too_many_message()},
            status=429,
        )
    return _verification(request, code)


@cached_page
def _verification(request, code):
    result = public_status(code)
    if result is None:
        return render(request, "certification/verify_unknown.html", status=404)
    response = render(request, "certification/verify.html", {"result": result})
    response["Cache-Control"] = "no-store"
    return response
