"""Reads for the sign-in pages: the live counter, the half-day's list, the sheet's state."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from essor.cohorts.models import Enrolment

from .models import Countersignature, Signature
from .services import SIGNING_STATUSES, local_moment


@dataclass(frozen=True)
class Progress:
    signed: int
    expected: int


def signing_progress(slot) -> Progress:
    """« 12 / 14 ont signé »: signatures of the slot against the cohort's signing enrolments
    (2 queries)."""
    return Progress(
        signed=Signature.objects.filter(slot=slot).count(),
        expected=Enrolment.objects.filter(
            cohort_id=slot.cohort_id, status__in=SIGNING_STATUSES
        ).count(),
    )


@dataclass(frozen=True)
class SheetRow:
    enrolment: Enrolment
    signature: Signature | None


def sheet_rows(slot) -> list[SheetRow]:
    """Every participant expected on the half-day with their signature, if any, in name
    order (1 query for the enrolments with user and organisation, 1 for the signatures)."""
    enrolments = (
        Enrolment.objects.filter(cohort_id=slot.cohort_id, status__in=SIGNING_STATUSES)
        .select_related("user", "organisation")
        .prefetch_related(
            Prefetch(
                "signatures",
                queryset=Signature.objects.filter(slot=slot),
                to_attr="slot_signatures",
            )
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    return [
        SheetRow(enrolment=e, signature=e.slot_signatures[0] if e.slot_signatures else None)
        for e in enrolments
    ]


def countersignature_of(slot) -> Countersignature | None:
    return Countersignature.objects.select_related("signed_by").filter(slot=slot).first()


_UNREAD = object()


def sheet_state(slot, countersignature=_UNREAD) -> str:
    """« en attente » until the speaker countersigns, then « contresignée le 20 janvier 2025
    à 17 h 05 par Claire Martin »: what the attendance sheet prints in its speaker box.

    Pass the countersignature (or None) when it is already read, to save the query."""
    if countersignature is _UNREAD:
        countersignature = countersignature_of(slot)
    if countersignature is None:
        return _("en attente")
    person = countersignature.signed_by
    return _("contresignée le %(at)s par %(name)s") % {
        "at": local_moment(countersignature.signed_at, slot.cohort),
        "name": person.get_full_name() or person.username,
    }
