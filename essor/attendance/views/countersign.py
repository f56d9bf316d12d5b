"""The speaker's countersignature of a half-day: the list of who signed, and a pad."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essor.core.errors import DomainError
from essor.core.formats import french_time

from .. import services
from ..permissions import get_slot_for
from ..sign_in_selectors import countersignature_of, sheet_rows, sheet_state
from ..signatures import decode_payload
from .signin import slot_context


def _page(request, slot, *, error: DomainError | None = None):
    zone = ZoneInfo(slot.cohort.timezone)
    rows = sheet_rows(slot)
    countersignature = countersignature_of(slot)
    context = {
        **slot_context(slot),
        "rows": [
            {
                "enrolment": row.enrolment,
                "signature": row.signature,
                "signed_time": french_time(row.signature.signed_at.astimezone(zone).time())
                if row.signature
                else "",
            }
            for row in rows
        ],
        "signed_count": sum(1 for row in rows if row.signature),
        "countersignature": countersignature,
        "state": sheet_state(slot, countersignature),
        "error": error,
    }
    return render(request, "attendance/countersign.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def countersign(request, slot_id):
    slot = get_slot_for(request.user, slot_id, "cohorts.teach")
    if request.method == "GET":
        return _page(request, slot)
    drawing = request.POST.get("signature", "").strip()
    try:
        services.countersign(
            slot=slot, by=request.user, signature_png=decode_payload(drawing) if drawing else b""
        )
    except DomainError as error:
        return _page(request, slot, error=error)
    messages.success(request, _("Feuille de la demi-journée contresignée."))
    return redirect("attendance:countersign", slot_id=slot.pk)
