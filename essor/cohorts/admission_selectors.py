"""Reads for applications, admissions and enrolments, each with a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import (
    Application,
    ApplicationStatus,
    Cohort,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    Membership,
    Role,
)

# The statuses that hold a place in the cohort (a withdrawal frees it).
PLACE_HOLDING = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.CERTIFIED)


def occupied_places(cohort: Cohort) -> int:
    """1 query."""
    return Enrolment.objects.filter(cohort=cohort, status__in=PLACE_HOLDING).count()


def coordination_addresses(cohort: Cohort) -> list[str]:
    """Where to write to the coordination: the cohort's contact address, else the
    coordinators' own addresses (1 query in that case)."""
    if cohort.contact_email:
        return [cohort.contact_email]
    return list(
        Membership.objects.filter(cohort=cohort, role=Role.COORDINATOR)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


@dataclass(frozen=True)
class AccessibilityContact:
    """Who handles an applicant's accessibility needs, as the thank-you page names them."""

    name: str
    emails: list[str]


def accessibility_contact(cohort: Cohort) -> AccessibilityContact:
    """The programme's accessibility contact when it has an address, else the coordination."""
    contact = cohort.programme.accessibility_contact or {}
    if contact.get("email"):
        return AccessibilityContact(
            name=contact.get("name") or _("le ou la référent·e handicap"),
            emails=[contact["email"]],
        )
    return AccessibilityContact(
        name=_("la coordination pédagogique de la promotion"),
        emails=coordination_addresses(cohort),
    )


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class ApplicationList:
    applications: list[Application]
    counts: list[StatusCount]
    total: int
    occupied: int


def application_list(cohort: Cohort, status: str | None) -> ApplicationList:
    """The cohort's applications, optionally of one status, with the count of each status
    and the places taken (3 queries, whatever the number of applications)."""
    qs = Application.objects.filter(cohort=cohort).order_by("created_at", "pk")
    if status:
        qs = qs.filter(status=status)
    per_status = {
        row["status"]: row["n"]
        for row in Application.objects.filter(cohort=cohort)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    }
    counts = [
        StatusCount(status=value, label=label, count=per_status.get(value, 0))
        for value, label in ApplicationStatus.choices
    ]
    return ApplicationList(
        applications=list(qs),
        counts=counts,
        total=sum(per_status.values()),
        occupied=occupied_places(cohort),
    )


def get_application(cohort: Cohort, application_id: int) -> Application:
    """An application of `cohort` (whose access was checked by the caller); 404 otherwise."""
    application = (
        Application.objects.select_related("cohort__programme", "decided_by")
        .filter(cohort=cohort, pk=application_id)
        .first()
    )
    if application is None:
        raise Http404(_("Candidature introuvable."))
    return application


def enrolment_of_application(application: Application) -> Enrolment | None:
    return Enrolment.objects.filter(application=application).first()


def get_cohort_enrolment(cohort: Cohort, enrolment_id: int) -> Enrolment:
    """An enrolment of `cohort` with its people (access checked by the caller); 404 otherwise."""
    enrolment = (
        Enrolment.objects.select_related(
            "cohort__programme", "user", "organisation", "application", "tutor"
        )
        .filter(cohort=cohort, pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise Http404(_("Inscription introuvable."))
    return enrolment


def enrolment_history(enrolment: Enrolment) -> QuerySet[EnrolmentEvent]:
    """The status history, oldest first, with who made each change (1 query)."""
    return enrolment.events.select_related("by").order_by("at", "pk")


def own_current_enrolment(user, cohort: Cohort) -> Enrolment:
    """The participant's own enrolment while it entitles them to a convocation; 404 otherwise."""
    enrolment = (
        Enrolment.objects.select_related("cohort__programme", "user", "organisation", "application")
        .filter(
            cohort=cohort,
            user=user,
            status__in=(EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED),
        )
        .first()
    )
    if enrolment is None:
        raise Http404(_("Inscription introuvable."))
    return enrolment
