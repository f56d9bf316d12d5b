"""Who reaches which workbook: the participant their own (opened on first visit), their
tutor and the coordination read it; anyone else gets a 404, like a workbook that does
not exist."""

from django.db import IntegrityError, transaction

from essor.cohorts.models import Enrolment
from essor.cohorts.permissions import get_cohort_for, get_enrolment_for
from essor.coursework.selectors import get_own_enrolment

from .models import Workbook


def ensure_workbook(enrolment: Enrolment) -> Workbook:
    """The enrolment's workbook, created on first use (two first visits at once create one)."""
    workbook = Workbook.objects.filter(enrolment=enrolment).first()
    if workbook is not None:
        return workbook
    try:
        with transaction.atomic():
            return Workbook.objects.create(
                enrolment=enrolment, organisation_id=enrolment.organisation_id
            )
    except IntegrityError:
        return Workbook.objects.get(enrolment=enrolment)


def own_workbook(user, slug: str) -> Workbook:
    """The logged-in participant's workbook in cohort `slug` (404 if not a participant)."""
    cohort = get_cohort_for(user, slug, "cohorts.take_part")
    enrolment = get_own_enrolment(user, cohort)
    workbook = ensure_workbook(enrolment)
    workbook.enrolment = enrolment  # already loaded with its cohort and user
    return workbook


def readable_enrolment(user, enrolment_id: int) -> Enrolment:
    """An enrolment whose workbook `user` may read: its participant, tutor, coordination."""
    return get_enrolment_for(user, enrolment_id, select=("tutor", "cohort__programme"))


def workbook_of(enrolment: Enrolment) -> Workbook | None:
    """The workbook if the participant has opened it (reading never creates one)."""
    workbook = Workbook.objects.filter(enrolment=enrolment).first()
    if workbook is not None:
        workbook.enrolment = enrolment
    return workbook
