"""Fetching a half-day together with the right to act on it (404 otherwise)."""

from django.http import Http404
from django.utils.translation import gettext as _

from essor.programmes.models import Slot


def get_slot_for(user, slot_id: int, perm: str) -> Slot:
    """The slot if `user` holds `perm` (e.g. "cohorts.teach") on its cohort; 404 otherwise."""
    slot = (
        Slot.objects.select_related("cohort", "cohort__programme", "module")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None or not user.has_perm(perm, slot.cohort):
        raise Http404(_("Demi-journée introuvable."))
    return slot
