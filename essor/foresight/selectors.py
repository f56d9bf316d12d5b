"""Reads for the foresight pages."""

from django.db.models import QuerySet

from essor.cohorts.models import Role
from essor.cohorts.permissions import has_role

from .models import Study

_LIST_FIELDS = ("id", "tool", "title", "shared", "computed_at", "updated_at", "enrolment_id")


def own_studies(enrolment) -> QuerySet[Study]:
    return Study.objects.filter(enrolment=enrolment).only(*_LIST_FIELDS)


def cohort_exercises(user, cohort) -> QuerySet[Study]:
    """Cohort exercises: all for coordination and speakers, the shared ones otherwise."""
    qs = Study.objects.filter(cohort=cohort, enrolment__isnull=True).only(*_LIST_FIELDS)
    if has_role(user, cohort, Role.COORDINATOR, Role.SPEAKER):
        return qs
    return qs.filter(shared=True)


def readable_participant_studies(user, cohort) -> QuerySet[Study]:
    """Participants' studies the user may read: all for the coordination, their
    participants' for a tutor, none otherwise (speakers do not read private work)."""
    qs = (
        Study.objects.filter(cohort=cohort, enrolment__isnull=False)
        .select_related("enrolment__user")
        .order_by("enrolment__user__last_name", "enrolment__user__first_name", "-updated_at")
    )
    if has_role(user, cohort, Role.COORDINATOR):
        return qs
    if has_role(user, cohort, Role.TUTOR):
        return qs.filter(enrolment__tutor=user)
    return qs.none()
