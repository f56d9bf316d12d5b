"""Reads for the documents pages: a participant's own enrolment, and what the
coordination's documents page lists."""

from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _

from essor.cohorts.convocation import participant_name
from essor.cohorts.models import Cohort, Enrolment
from essor.programmes.models import Slot

from ..hours import ZERO, Hours, hours_by_enrolment
from ..labels import half_day_choice
from .common import cohort_zone, organisation_name, participant_sort_key


def own_enrolment(user, cohort: Cohort) -> Enrolment:
    """The participant's own enrolment in the cohort, whatever its status: a participant
    who stopped on the way is owed the certificate of the hours they attended."""
    enrolment = (
        Enrolment.objects.select_related("cohort__programme", "user", "organisation", "application")
        .filter(cohort=cohort, user=user)
        .first()
    )
    if enrolment is None:
        raise Http404(_("Inscription introuvable."))
    return enrolment


NO_HOURS = Hours(attended=ZERO, planned=ZERO)


@dataclass(frozen=True)
class SlotLine:
    slot: Slot
    label: str
    scans: int


@dataclass(frozen=True)
class ParticipantLine:
    enrolment: Enrolment
    name: str
    organisation: str
    hours: Hours


@dataclass(frozen=True)
class DocumentsOverview:
    slots: list[SlotLine]
    participants: list[ParticipantLine]


def documents_overview(cohort: Cohort) -> DocumentsOverview:
    """Every half-day with its number of scans, every participant with their hours
    (4 queries, whatever the size of the cohort)."""
    zone = cohort_zone(cohort)
    slots = (
        Slot.objects.filter(cohort=cohort)
        .select_related("module", "cohort")
        .annotate(scan_count=Count("paper_scans"))
        .order_by("start")
    )
    enrolments = Enrolment.objects.filter(cohort=cohort).select_related(
        "user", "organisation", "application"
    )
    hours = hours_by_enrolment(cohort)
    return DocumentsOverview(
        slots=[SlotLine(s, half_day_choice(s, zone), s.scan_count) for s in slots],
        participants=[
            ParticipantLine(e, participant_name(e), organisation_name(e), hours.get(e.pk, NO_HOURS))
            for e in sorted(enrolments, key=participant_sort_key)
        ],
    )
