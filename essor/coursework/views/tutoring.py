"""Tutoring days: the schedule (coordination generates and edits it; tutors and
participants see their own times; printable), the personal calendar of tutoring sessions,
and the tutoring record of each participant for each day."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from essor.cohorts.models import Role
from essor.cohorts.permissions import get_enrolment_for, has_role
from essor.core import clock
from essor.core.errors import DomainError

from .. import tutoring_selectors as selectors
from .. import tutoring_services as services
from ..selectors import participant_name
from ..tutoring_forms import NextStepFormSet, ScheduleForm, SessionTimesForm, TutoringRecordForm


def _render_day(request, cohort, module, *, schedule_form=None, edit=None, status=200):
    day = selectors.tutoring_day(cohort, module, request.user)
    context = {
        "cohort": cohort,
        "module": module,
        "day": day,
        "schedule_form": schedule_form or (ScheduleForm() if day.scope == "all" else None),
        # The session whose edit failed, with its form (errors and typed values kept).
        "edit": edit,
    }
    return render(request, "coursework/tutoring_day.html", context, status=status)


@login_required
@require_safe
def tutoring_day(request, slug, module):
    cohort = selectors.get_tutoring_cohort(request.user, slug)
    module = selectors.get_tutoring_module(cohort, module)
    return _render_day(request, cohort, module)


def _coordination(request, slug, module):
    cohort = selectors.get_tutoring_cohort(request.user, slug)
    module = selectors.get_tutoring_module(cohort, module)
    if not has_role(request.user, cohort, Role.COORDINATOR):
        raise PermissionDenied(_("Seule la coordination pédagogique modifie le planning."))
    return cohort, module


@login_required
@require_POST
def tutoring_generate(request, slug, module):
    cohort, module = _coordination(request, slug, module)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            sessions = services.build_tutoring_schedule(
                cohort=cohort, module_number=module.number, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Planning généré : %(count)s créneaux.") % {"count": len(sessions)},
            )
            return redirect("coursework:tutoring-day", slug=cohort.slug, module=module.number)
    return _render_day(request, cohort, module, schedule_form=form, status=400)


@login_required
@require_POST
def tutoring_session_edit(request, slug, module, session_id):
    cohort, module = _coordination(request, slug, module)
    session = selectors.get_session_for_edit(cohort, module, session_id)
    form = SessionTimesForm(request.POST, prefix=f"s{session.pk}")
    if form.is_valid():
        zone = ZoneInfo(cohort.timezone)
        day = session.start.astimezone(zone).date()
        start = datetime.combine(day, form.cleaned_data["start"], tzinfo=zone)
        end = datetime.combine(day, form.cleaned_data["end"], tzinfo=zone)
        try:
            services.edit_tutoring_session(session=session, start=start, end=end, by=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Créneau modifié."))
            return redirect("coursework:tutoring-day", slug=cohort.slug, module=module.number)
    return _render_day(request, cohort, module, edit={"id": session.pk, "form": form}, status=400)


@login_required
@require_safe
def tutoring_ics(request, slug):
    """The tutoring sessions of the person asking (as tutor or participant), nobody else's."""
    cohort = selectors.get_tutoring_cohort(request.user, slug)
    sessions = selectors.personal_sessions(cohort, request.user)
    body = selectors.sessions_ics(cohort, sessions, request.user, stamp=clock.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="tutorat-{cohort.slug}.ics"'
    # Personal data: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


# --- Tutoring records -------------------------------------------------------------------


def _steps(record) -> list[dict]:
    """The stored next steps, their due dates as dates (stored as ISO strings)."""
    steps = []
    for step in record.next_steps if record else []:
        try:
            due = date.fromisoformat(step.get("due") or "")
        except ValueError:
            due = None
        steps.append({"text": step.get("text", ""), "due": due})
    return steps


def _render_record(request, enrolment, module, *, form=None, steps=None, status=200):
    record = selectors.tutoring_record(enrolment, module)
    may_edit = selectors.can_edit_record(request.user, enrolment)
    if may_edit and form is None:
        initial = {}
        if record is not None:
            initial = {
                "problem_statement_defined": record.problem_statement_defined,
                "outline_done": record.outline_done,
                "draft_percent": record.draft_percent,
                "diagnostic_sections_done": record.diagnostic_sections_done,
                "notes": record.notes,
            }
        form = TutoringRecordForm(initial=initial)
        steps = NextStepFormSet(initial=_steps(record), prefix="steps")
    sections = dict(selectors.DIAGNOSTIC_SECTIONS)
    context = {
        "cohort": enrolment.cohort,
        "enrolment": enrolment,
        "module": module,
        "name": participant_name(enrolment),
        "record": record,
        "done_sections": [
            sections[c]
            for c in (record.diagnostic_sections_done if record else [])
            if c in sections
        ],
        "all_sections": selectors.DIAGNOSTIC_SECTIONS,
        "next_steps": _steps(record),
        "may_edit": may_edit,
        "form": form,
        "steps": steps,
    }
    return render(request, "coursework/tutoring_record.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def tutoring_record(request, enrolment_id, module):
    enrolment = get_enrolment_for(request.user, enrolment_id, select=("cohort__programme",))
    module = selectors.get_tutoring_module(enrolment.cohort, module)
    if request.method == "GET":
        return _render_record(request, enrolment, module)
    if not selectors.can_edit_record(request.user, enrolment):
        # They may read it (their own record): refusing is a 403, not a 404.
        raise PermissionDenied(
            _("Seul·es le tuteur ou la tutrice et la coordination remplissent la fiche.")
        )
    form = TutoringRecordForm(request.POST)
    steps = NextStepFormSet(request.POST, prefix="steps")
    if form.is_valid() and steps.is_valid():
        next_steps = [
            {"text": f.cleaned_data.get("text", ""), "due": f.cleaned_data.get("due")}
            for f in steps.forms
            if f.cleaned_data
        ]
        try:
            services.save_tutoring_record(
                enrolment=enrolment,
                module=module,
                by=request.user,
                next_steps=next_steps,
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Fiche de tutorat enregistrée."))
            return redirect(
                "coursework:tutoring-record", enrolment_id=enrolment.pk, module=module.number
            )
    return _render_record(request, enrolment, module, form=form, steps=steps, status=400)
