"""Fetching a half-day together with the right to act on it (404 otherwise)."""

from django.http import Http404
from django.utils.translation import gettext as _

from essor.programmes.models import Slot

PAGE_RELATED = ("cohort", "cohort__programme", "module")


def get_slot_for(user, slot_id: int, perm: str, *, related=PAGE_RELATED) -> Slot:
    """The slot if `user` holds `perm` (e.g. "cohorts.teach") on its cohort; 404 otherwise.

    `related`: what is read with it; pages show the module and the programme, a signature
    needs only the cohort (the programme's long texts cost more to load than the rest).
    """
    slot = Slot.objects.select_related(*related).filter(pk=slot_id).order_by().first()
    if slot is None or not user.has_perm(perm, slot.cohort):
        raise Http404(_("Demi-journée introuvable."))
    return slot
