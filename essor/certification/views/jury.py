"""The jury pages of the coordination: the cohort's juries (and opening one), the jury's
sheet with the evidence, a decision or a derogation per participant, closing, minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from essor.cohorts.permissions import get_cohort_for
from essor.core.errors import DomainError

from .. import jury as services
from .. import jury_selectors as selectors
from ..forms import DecisionForm, DerogationForm, JuryForm


def _error_text(exc: DomainError) -> str:
    return exc.message


@login_required
@require_http_methods(["GET", "POST"])
def juries(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    form = JuryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                jury = services.open_jury(cohort=cohort, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                field = {"president_required": "president", "signatory_required": "signatory"}
                form.add_error(field.get(exc.code), _error_text(exc))
            else:
                messages.success(request, _("Jury ouvert."))
                return redirect("certification:jury", jury_id=jury.pk)
        status = 400
    context = {"cohort": cohort, "juries": selectors.cohort_juries(cohort), "form": form}
    return render(request, "certification/jury_list.html", context, status=status)


def _page(request, jury, *, bound=None, status=200):
    """The jury's sheet; `bound` = (enrolment id, "decision" | "derogation", form) puts a
    refused form back in its participant's row."""
    sheet = selectors.jury_sheet(jury)
    for row in sheet.rows:
        prefix = f"p{row.enrolment.pk}"
        row.decision_form = DecisionForm(prefix=prefix)
        row.derogation_form = (
            DerogationForm(prefix=f"{prefix}d", excused=row.excused) if row.excused else None
        )
        if bound and bound[0] == row.enrolment.pk:
            setattr(row, f"{bound[1]}_form", bound[2])
    context = {"jury": jury, "cohort": jury.cohort, "sheet": sheet}
    return render(request, "certification/jury_detail.html", context, status=status)


@login_required
@require_safe
def jury(request, jury_id):
    return _page(request, selectors.get_jury_for(request.user, jury_id))


@login_required
@require_POST
def decide(request, jury_id, enrolment_id):
    jury = selectors.get_jury_for(request.user, jury_id)
    enrolment = selectors.get_jury_enrolment(jury, enrolment_id)
    form = DecisionForm(request.POST, prefix=f"p{enrolment.pk}")
    if form.is_valid():
        try:
            services.record_decision(
                jury=jury,
                enrolment=enrolment,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                by=request.user,
            )
        except DomainError as exc:
            field = "reasons" if exc.code == "reasons_required" else None
            form.add_error(field, _error_text(exc))
        else:
            messages.success(request, _("Décision enregistrée."))
            return redirect(f"{selectors.jury_url(jury)}#p{enrolment.pk}")
    return _page(request, jury, bound=(enrolment.pk, "decision", form), status=400)


@login_required
@require_POST
def derogate(request, jury_id, enrolment_id):
    jury = selectors.get_jury_for(request.user, jury_id)
    enrolment = selectors.get_jury_enrolment(jury, enrolment_id)
    sheet_row = next(
        (row for row in selectors.jury_sheet(jury).rows if row.enrolment.pk == enrolment.pk), None
    )
    excused = sheet_row.excused if sheet_row else []
    form = DerogationForm(request.POST, prefix=f"p{enrolment.pk}d", excused=excused)
    if form.is_valid():
        try:
            services.grant_jury_derogation(
                jury=jury,
                enrolment=enrolment,
                slot=form.cleaned_data["slot"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as exc:
            field = {"reason_required": "reason", "text_too_long": "reason"}.get(exc.code)
            form.add_error(field, _error_text(exc))
        else:
            messages.success(request, _("Dérogation accordée."))
            return redirect(f"{selectors.jury_url(jury)}#p{enrolment.pk}")
    return _page(request, jury, bound=(enrolment.pk, "derogation", form), status=400)


@login_required
@require_POST
def close(request, jury_id):
    jury = selectors.get_jury_for(request.user, jury_id)
    try:
        services.close_jury(jury=jury, by=request.user)
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Jury clos : le procès-verbal est arrêté et conservé."))
    return redirect("certification:jury", jury_id=jury.pk)


@login_required
@require_safe
def minutes(request, jury_id):
    jury = selectors.get_jury_for(request.user, jury_id)
    response = HttpResponse(selectors.minutes_pdf(jury), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{selectors.minutes_filename(jury)}"'
    response["Cache-Control"] = "private, no-store"
    return response
