"""Reads for absences announced in advance: the participant's own, the cohort's (for the
coordination), the half-days still open to a notice. Fixed query counts."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Enrolment
from essor.cohorts.selectors import display_name
from essor.core.formats import french_date
from essor.programmes.models import Slot

from .labels import half_day_choice
from .models import AbsenceNotice
from .rollcall import ACTIVE


@dataclass(frozen=True)
class NoticeView:
    notice: AbsenceNotice
    name: str
    half_days: list[str]
    created_at: datetime  # local

    @property
    def created_on(self) -> str:
        return french_date(self.created_at.date())


def own_enrolment(user, cohort: Cohort) -> Enrolment:
    """The user's active enrolment in the cohort; 404 otherwise."""
    enrolment = (
        Enrolment.objects.select_related("cohort", "user", "tutor")
        .filter(cohort=cohort, user=user, status__in=ACTIVE)
        .first()
    )
    if enrolment is None:
        raise Http404(_("Inscription introuvable."))
    return enrolment


def upcoming_slots(cohort: Cohort, now: datetime) -> list[tuple[Slot, str]]:
    """Half-days not started yet, with their French label (1 query)."""
    zone = ZoneInfo(cohort.timezone)
    slots = Slot.objects.filter(cohort=cohort, start__gt=now).select_related("module")
    return [(slot, half_day_choice(slot, zone)) for slot in slots.order_by("start")]


def _views(notices, zone: ZoneInfo) -> list[NoticeView]:
    return [
        NoticeView(
            notice=notice,
            name=display_name(notice.enrolment),
            half_days=[half_day_choice(slot, zone) for slot in notice.slots.all()],
            created_at=notice.created_at.astimezone(zone),
        )
        for notice in notices
    ]


def _notices():
    return AbsenceNotice.objects.select_related(
        "enrolment__user", "enrolment__application"
    ).prefetch_related(
        Prefetch("slots", queryset=Slot.objects.select_related("module").order_by("start"))
    )


def notices_of(enrolment: Enrolment) -> list[NoticeView]:
    """The participant's notices, newest first (2 queries)."""
    zone = ZoneInfo(enrolment.cohort.timezone)
    return _views(_notices().filter(enrolment=enrolment), zone)


def cohort_notices(cohort: Cohort) -> list[NoticeView]:
    """All notices of the cohort, newest first (2 queries)."""
    zone = ZoneInfo(cohort.timezone)
    return _views(_notices().filter(enrolment__cohort=cohort), zone)
