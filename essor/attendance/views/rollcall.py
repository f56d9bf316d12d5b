"""The roll call of a half-day (speaker or coordination), and one record with its history
and justification (the teaching team, the participant, their tutor).

The roll call works without JavaScript (one form per participant, posted alone, the page
comes back) and with HTMX (the participant's row is swapped in place).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from essor.cohorts.selectors import display_name
from essor.core.errors import DomainError
from essor.core.storage import private_storage

from .. import rollcall_selectors as selectors
from ..forms import PNG_MAGIC, RollCallForm
from ..labels import half_day_name, status_text
from ..permissions import get_slot_for
from ..rollcall import set_attendance

# Which field a refusal of the service belongs to, so its message sits next to it.
ERROR_FIELDS = {
    "status_invalid": "status",
    "minutes_required": "minutes",
    "minutes_out_of_range": "minutes",
    "justification_required": "justification",
    "justification_invalid": "justification",
    "reason_required": "reason",
}


def _form(row, data=None, files=None) -> RollCallForm:
    record = row.record
    initial = {}
    if record is not None:
        initial = {
            "status": record.status,
            "minutes": record.minutes_late or record.minutes_left_early or None,
        }
    return RollCallForm(data, files, prefix=f"row-{row.enrolment.pk}", initial=initial)


def _page(request, slot, *, bound=None, status=200):
    """The whole roll call; `bound` = (enrolment id, form) keeps a refused row's input."""
    call = selectors.roll_call(slot)
    for row in call.rows:
        if bound and bound[0] == row.enrolment.pk:
            row.form = bound[1]
        else:
            row.form = _form(row)
    return render(request, "attendance/rollcall.html", {"call": call, "slot": slot}, status=status)


def _row(request, slot, row, *, message: str, error: bool):
    return render(
        request,
        "attendance/rollcall_row.html",
        {"slot": slot, "row": row, "message": message, "error": error, "swapped": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def roll_call(request, slot_id):
    slot = get_slot_for(request.user, slot_id, "cohorts.teach")
    if request.method == "GET":
        return _page(request, slot)
    enrolment = selectors.called_enrolment(slot, request.POST.get("enrolment", ""))
    if enrolment is None:
        message = _("Cette personne n'est pas inscrite dans la promotion de ce cours.")
        if request.htmx:
            response = render(request, "attendance/rollcall_message.html", {"message": message})
            response["HX-Reswap"] = "none"  # keep the row; the message goes to the live region
            return response
        messages.error(request, message)
        return _page(request, slot, status=400)
    row = selectors.roll_call_row(slot, enrolment)
    form = _form(row, request.POST, request.FILES)
    if form.is_valid():
        status = form.cleaned_data["status"]
        minutes_late, minutes_left_early = form.minutes_for(status)
        try:
            _record, changed = set_attendance(
                slot=slot,
                enrolment=enrolment,
                status=status,
                minutes_late=minutes_late,
                minutes_left_early=minutes_left_early,
                reason=form.cleaned_data["reason"],
                justification=form.cleaned_data.get("justification"),
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
        else:
            success = (
                _("%(name)s : %(status)s, enregistré.")
                if changed
                else _("%(name)s : statut inchangé (%(status)s).")
            )
            row = selectors.roll_call_row(slot, enrolment)
            message = success % {"name": row.name, "status": row.status}
            if request.htmx:
                row.form = _form(row)
                return _row(request, slot, row, message=message, error=False)
            messages.success(request, message)
            url = reverse("attendance:roll-call", kwargs={"slot_id": slot.pk})
            return redirect(f"{url}#participant-{enrolment.pk}")
    if request.htmx:
        # 200 even on a refusal: HTMX swaps only successful answers, and the row must
        # come back with the messages next to the fields.
        row.form = form
        message = _("%(name)s : la modification n'a pas été enregistrée.") % {"name": row.name}
        return _row(request, slot, row, message=message, error=True)
    return _page(request, slot, bound=(enrolment.pk, form), status=400)


@login_required
@require_safe
def record_detail(request, record_id):
    record = selectors.get_record_for(request.user, record_id)
    return render(
        request,
        "attendance/record.html",
        {
            "record": record,
            "slot": record.slot,
            "cohort": record.slot.cohort,
            "name": display_name(record.enrolment),
            "half_day": half_day_name(record.slot),
            "status": status_text(record.status, record.minutes_late, record.minutes_left_early),
            "history": selectors.record_history(record),
            "can_correct": request.user.has_perm("cohorts.teach", record.slot.cohort),
        },
    )


def _content_type(head: bytes) -> tuple[str, str]:
    if head.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if head.startswith(PNG_MAGIC):
        return "image/png", "png"
    return "image/jpeg", "jpg"  # the only other kind accepted at upload


@login_required
@require_safe
def record_justification(request, record_id):
    """The justification file, served only after the same check as the record."""
    record = selectors.get_record_for(request.user, record_id)
    name = record.justification.name if record.justification else ""
    if not name or not private_storage.exists(name):
        raise Http404(_("Fichier introuvable."))
    handle = private_storage.open(name, "rb")
    content_type, extension = _content_type(handle.read(8))
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"justificatif-{record.pk}.{extension}",
        content_type=content_type,
    )
    # The browser must not guess another type than the one checked at upload.
    response["X-Content-Type-Options"] = "nosniff"
    return response
