"""The public application form, and the coordination's review of applications.

Coordination pages fetch the cohort with `cohorts.manage_cohort` (404 for anyone else,
so a cohort's applicants cannot be probed); writes go through essor.cohorts.admissions.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from essor.cohorts import admission_selectors as selectors
from essor.cohorts.admissions import Decision, decide_application, submit_application
from essor.cohorts.forms import (
    APPLICATION_ERROR_FIELDS,
    ApplicationForm,
    DecisionForm,
    default_decision_message,
)
from essor.cohorts.models import ApplicationStatus
from essor.cohorts.permissions import get_cohort_for
from essor.core.errors import DomainError
from essor.programmes.selectors import get_public_cohort

MANAGE = "cohorts.manage_cohort"
# The thank-you page reads what it says from the session, not from the URL: an
# application's id in a public URL would let anyone read whose it is.
DONE_KEY = "essor_application_done"

DECISION_LABELS = {
    Decision.ADMIT: gettext_lazy("Admettre"),
    Decision.WAITLIST: gettext_lazy("Placer sur liste d'attente"),
    Decision.REFUSE: gettext_lazy("Refuser"),
}
DECIDED = {
    Decision.ADMIT: gettext_lazy(
        "Candidature admise : le message et l'invitation ont été envoyés."
    ),
    Decision.WAITLIST: gettext_lazy(
        "Candidature placée sur liste d'attente : le message a été envoyé."
    ),
    Decision.REFUSE: gettext_lazy("Candidature refusée : le message a été envoyé."),
}


@require_http_methods(["GET", "POST"])
def apply(request, slug):
    cohort = get_public_cohort(slug)
    if not cohort.applications_open:
        return render(request, "cohorts/application_closed.html", {"cohort": cohort})
    form = (
        ApplicationForm(request.POST, request.FILES)
        if request.method == "POST"
        else ApplicationForm()
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
        try:
            application = submit_application(cohort=cohort, data=data, cv=form.cleaned_data["cv"])
        except DomainError as exc:
            form.add_error(APPLICATION_ERROR_FIELDS.get(exc.code), exc.message)
        else:
            contact = (
                selectors.accessibility_contact(cohort).name
                if application.accessibility_needs
                else ""
            )
            request.session[DONE_KEY] = {
                "cohort": cohort.slug,
                "first_name": application.first_name,
                "email": application.email,
                "accessibility_contact": str(contact),
            }
            return redirect("cohorts:apply-done", slug=cohort.slug)
    return render(
        request,
        "cohorts/application_form.html",
        {"cohort": cohort, "form": form, "file_lost": form.is_bound and bool(form.errors)},
    )


@require_safe
def apply_done(request, slug):
    cohort = get_public_cohort(slug)
    done = request.session.get(DONE_KEY) or {}
    if done.get("cohort") != cohort.slug:
        done = {}
    return render(request, "cohorts/application_done.html", {"cohort": cohort, "done": done})


@login_required
@require_safe
def application_list(request, slug):
    cohort = get_cohort_for(request.user, slug, MANAGE)
    status = request.GET.get("status") or ""
    if status not in ApplicationStatus.values:
        status = ""
    listing = selectors.application_list(cohort, status or None)
    return render(
        request,
        "cohorts/application_list.html",
        {"cohort": cohort, "listing": listing, "status": status},
    )


def _decision_forms(application, bound_decision=None, data=None) -> dict[str, DecisionForm]:
    """One form per decision still open for this application; the one just posted is bound."""
    open_decisions = {
        ApplicationStatus.SUBMITTED: (Decision.ADMIT, Decision.WAITLIST, Decision.REFUSE),
        ApplicationStatus.WAITLISTED: (Decision.ADMIT, Decision.REFUSE),
    }.get(application.status, ())
    forms = {}
    for decision in open_decisions:
        if decision == bound_decision:
            forms[decision] = DecisionForm(data, prefix=decision)
        else:
            forms[decision] = DecisionForm(
                prefix=decision,
                initial={"message": default_decision_message(application, decision)},
            )
    return forms


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, slug, pk):
    cohort = get_cohort_for(request.user, slug, MANAGE)
    application = selectors.get_application(cohort, pk)
    decision = request.POST.get("decision") if request.method == "POST" else None
    forms = _decision_forms(application, decision, request.POST)
    if request.method == "POST":
        form = forms.get(decision)
        if form is None:
            messages.error(request, _("Cette décision n'est pas possible pour cette candidature."))
            return redirect("cohorts:application", slug=cohort.slug, pk=application.pk)
        if form.is_valid():
            try:
                decide_application(
                    application=application,
                    decision=decision,
                    message=form.cleaned_data["message"],
                    by=request.user,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, DECIDED[decision])
                return redirect("cohorts:application", slug=cohort.slug, pk=application.pk)
    context = {
        "cohort": cohort,
        "application": application,
        "enrolment": selectors.enrolment_of_application(application),
        "decision_forms": [(d, DECISION_LABELS[d], f) for d, f in forms.items()],
        "occupied": selectors.occupied_places(cohort),
    }
    return render(request, "cohorts/application_detail.html", context)


@login_required
@require_safe
def application_cv(request, slug, pk):
    cohort = get_cohort_for(request.user, slug, MANAGE)
    application = selectors.get_application(cohort, pk)
    if not application.cv:
        raise Http404(_("CV introuvable."))
    try:
        handle = application.cv.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("CV introuvable.")) from exc
    name = slugify(f"cv {application.last_name} {application.first_name}") or "cv"
    response = FileResponse(
        handle, as_attachment=True, filename=f"{name}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
