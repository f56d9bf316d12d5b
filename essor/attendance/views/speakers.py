"""Who teaches each half-day (and so countersigns it): the coordination's assignment page.

One form for the whole calendar; every change is saved through `services.assign_speakers`
inside one transaction, so a refused line leaves every half-day as it was.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from essor.attendance import selectors, services
from essor.cohorts.permissions import get_cohort_for
from essor.core.errors import DomainError


def field_name(slot_id: int) -> str:
    return f"slot-{slot_id}"


def _page(request, cohort, assignment, *, chosen=None, errors=None, status=200):
    """Each half-day with the boxes to tick: as saved, or as sent back when refused."""
    chosen, errors = chosen or {}, errors or {}
    rows = [
        {
            "line": line,
            "field": field_name(line.slot.pk),
            "checked": chosen.get(line.slot.pk, line.speaker_ids),
            "error": errors.get(line.slot.pk, ""),
        }
        for line in assignment.slots
    ]
    return render(
        request,
        "attendance/speakers.html",
        {"cohort": cohort, "speakers": assignment.speakers, "rows": rows, "errors": errors},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assign(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    assignment = selectors.speaker_assignment(cohort)
    if request.method != "POST":
        return _page(request, cohort, assignment)

    speakers = {str(user.pk): user for user in assignment.speakers}
    chosen: dict[int, set[str]] = {}
    errors: dict[int, str] = {}
    for line in assignment.slots:
        values = set(request.POST.getlist(field_name(line.slot.pk)))
        chosen[line.slot.pk] = values
        if values - set(speakers):
            errors[line.slot.pk] = _("Choisissez parmi les intervenant·es de la promotion.")
    changed = [
        line
        for line in assignment.slots
        if {int(v) for v in chosen[line.slot.pk] if v in speakers} != set(line.speaker_ids)
    ]
    if not errors:
        try:
            with transaction.atomic():
                for line in changed:
                    services.assign_speakers(
                        slot=line.slot,
                        speakers=[speakers[v] for v in sorted(chosen[line.slot.pk])],
                        by=request.user,
                    )
        except DomainError as exc:
            errors[line.slot.pk] = " ".join([exc.message, *exc.details])
    if errors:
        sent_back = {pk: {int(v) for v in values if v.isdigit()} for pk, values in chosen.items()}
        return _page(request, cohort, assignment, chosen=sent_back, errors=errors, status=400)
    if changed:
        messages.success(
            request,
            ngettext(
                "Intervenant·es enregistré·es pour %(count)s demi-journée.",
                "Intervenant·es enregistré·es pour %(count)s demi-journées.",
                len(changed),
            )
            % {"count": len(changed)},
        )
    else:
        messages.info(request, _("Aucun changement : rien n'a été enregistré."))
    return redirect(reverse("attendance:speakers", kwargs={"slug": cohort.slug}))
