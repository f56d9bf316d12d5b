"""Writes for the personal-work views: a tutor marking a participant's work as seen."""

from django.db import transaction
from django.utils.translation import gettext as _

from essor.cohorts.models import Enrolment, Role
from essor.cohorts.permissions import has_role
from essor.core import clock
from essor.core.errors import DomainError

from .models import LastSeen


@transaction.atomic
def mark_seen(*, user, enrolment: Enrolment) -> LastSeen:
    """Records that `user` (the participant's tutor or the coordination) has looked at
    `enrolment`'s work now: what changed before this moment is no longer news to them."""
    is_tutor = enrolment.tutor_id == user.pk and has_role(user, enrolment.cohort_id, Role.TUTOR)
    if not (is_tutor or has_role(user, enrolment.cohort_id, Role.COORDINATOR)):
        raise DomainError(
            "not_following",
            _("Seul·es le tuteur ou la tutrice et la coordination suivent ce travail."),
        )
    now = clock.now()
    seen = LastSeen.objects.select_for_update().filter(user=user, enrolment=enrolment).first()
    if seen is None:
        return LastSeen.objects.create(user=user, enrolment=enrolment, seen_at=now)
    # A clock set back (or a replayed request) never makes old changes news again.
    if now > seen.seen_at:
        seen.seen_at = now
        seen.save(update_fields=["seen_at"])
    return seen
