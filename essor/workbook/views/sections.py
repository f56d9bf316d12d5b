"""The participant's workbook: the home page, a section page, its plain-fields form
(autosave and normal submit) and its status."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from essor.core import clock
from essor.core.errors import DomainError
from essor.core.formats import french_time
from essor.coursework import note_services
from essor.coursework.models import ProblemStatementOrigin
from essor.coursework.note_selectors import latest_problem_statement

from .. import selectors, services
from ..access import own_workbook
from ..forms import SECTION_FORMS, initial_from, to_json
from ..models import SectionStatus
from ..outputs import workbook_outputs
from ..sections import SPECS, due_dates, module_starts, spec_for


def section_code(code: str) -> str:
    if spec_for(code) is None:
        raise Http404
    return code


def home_rows(workbook):
    """The 8 sections with their modules, due date, status and « en retard »: 3 queries."""
    cohort = workbook.enrolment.cohort
    entries = selectors.section_entries(workbook)
    dues = due_dates(cohort)
    starts = module_starts(cohort)
    now = clock.now()
    rows = []
    for spec in SPECS:
        entry = entries.get(spec.code)
        status = entry.status if entry else SectionStatus.TODO
        due = dues.get(spec.code)
        rows.append(
            {
                "spec": spec,
                "modules": [(number, starts.get(number)) for number in spec.modules],
                "due": due,
                "status": SectionStatus(status),
                "late": due is not None and due < now and status != SectionStatus.DONE,
                "updated_at": entry.updated_at if entry else None,
            }
        )
    return rows


@login_required
@require_GET
def home(request, slug):
    workbook = own_workbook(request.user, slug)
    return render(
        request,
        "workbook/home.html",
        {
            "cohort": workbook.enrolment.cohort,
            "workbook": workbook,
            "rows": home_rows(workbook),
        },
    )


def section_context(workbook, code, *, readonly=False, form=None, record_forms=None):
    """Everything the section page shows; `form`/`record_forms` when re-rendering errors."""
    from .records import record_blocks  # records.py builds on this module

    cohort = workbook.enrolment.cohort
    spec = spec_for(code)
    entry = selectors.section_entry(workbook, code)
    data = entry.data if entry else {}
    form_class = SECTION_FORMS[code]
    if form is None:
        form = form_class(initial=initial_from(form_class, data), prefix=None)
    starts = module_starts(cohort)
    due = due_dates(cohort).get(code)
    status = entry.status if entry else SectionStatus.TODO
    return {
        "cohort": cohort,
        "workbook": workbook,
        "enrolment": workbook.enrolment,
        "spec": spec,
        "code": code,
        "entry": entry,
        "status": SectionStatus(status),
        "statuses": SectionStatus.choices,
        "modules": [(number, starts.get(number)) for number in spec.modules],
        "due": due,
        "late": due is not None and due < clock.now() and status != SectionStatus.DONE,
        "form": form,
        "readonly": readonly,
        "blocks": record_blocks(workbook, code, readonly=readonly, forms=record_forms or {}),
        "outputs": workbook_outputs(workbook),
        "outputs_template": f"workbook/outputs/_{code}.html",
        "sections": SPECS,
        "problem": latest_problem_statement(workbook.enrolment) if code == "E" else None,
    }


@login_required
@require_GET
def section(request, slug, code):
    code = section_code(code)
    workbook = own_workbook(request.user, slug)
    return render(request, "workbook/section.html", section_context(workbook, code))


def _saved_at(workbook) -> str:
    tz = ZoneInfo(workbook.enrolment.cohort.timezone)
    return french_time(clock.now().astimezone(tz).time().replace(second=0, microsecond=0))


@login_required
@require_POST
def autosave(request, slug, code):
    """HTMX: validate and save the section's fields; 400 with the errors, nothing written."""
    code = section_code(code)
    workbook = own_workbook(request.user, slug)
    form = SECTION_FORMS[code](request.POST)
    if not form.is_valid():
        return render(request, "workbook/_autosave.html", {"form": form}, status=400)
    services.save_section(workbook=workbook, code=code, data=to_json(form), by=request.user)
    return render(request, "workbook/_autosave.html", {"saved_at": _saved_at(workbook)})


@login_required
@require_POST
def fields(request, slug, code):
    """The save without JavaScript (and « nouvelle version de ma problématique » in E)."""
    code = section_code(code)
    workbook = own_workbook(request.user, slug)
    form = SECTION_FORMS[code](request.POST)
    if not form.is_valid():
        return render(
            request, "workbook/section.html", section_context(workbook, code, form=form), status=400
        )
    data = to_json(form)
    services.save_section(workbook=workbook, code=code, data=data, by=request.user)
    messages.success(request, _("Section enregistrée."))
    if code == "E" and request.POST.get("as_problem"):
        try:
            note_services.add_problem_statement(
                enrolment=workbook.enrolment,
                text=data.get("problem_draft") or "",
                origin=ProblemStatementOrigin.REVISION,
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Nouvelle version de votre problématique enregistrée."))
    return redirect(reverse("workbook:section", args=[slug, code]))


@login_required
@require_POST
def status(request, slug, code):
    code = section_code(code)
    workbook = own_workbook(request.user, slug)
    try:
        services.set_status(
            workbook=workbook, code=code, status=request.POST.get("status", ""), by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Statut de la section mis à jour."))
    return redirect(reverse("workbook:section", args=[slug, code]))
