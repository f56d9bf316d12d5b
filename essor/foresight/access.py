"""Who reaches which foresight study.

A participant's study: read by its participant, their tutor and the coordination;
written by its participant only. A cohort exercise (enrolment None): read and written by
the cohort's coordination and speakers, read by its participants once shared. Anyone
else gets a 404, like a study that does not exist.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Role
from essor.cohorts.permissions import can_see_private_work, has_role

from .models import Study

LIST_ROLES = (Role.COORDINATOR, Role.SPEAKER, Role.TUTOR, Role.PARTICIPANT)
TEACH_ROLES = (Role.COORDINATOR, Role.SPEAKER)


def _study(study_id: int) -> Study:
    study = (
        Study.objects.select_related("cohort", "enrolment__user", "enrolment__cohort")
        .filter(pk=study_id)
        .first()
    )
    if study is None:
        raise Http404(_("Étude introuvable."))
    return study


def can_read(user, study: Study) -> bool:
    if not user.is_authenticated:
        return False
    if study.enrolment_id is not None:
        return can_see_private_work(user, study.enrolment)
    if has_role(user, study.cohort_id, *TEACH_ROLES):
        return True
    return study.shared and has_role(user, study.cohort_id, Role.PARTICIPANT)


def can_edit(user, study: Study) -> bool:
    if not user.is_authenticated:
        return False
    if study.enrolment_id is not None:
        return study.enrolment.user_id == user.pk
    return has_role(user, study.cohort_id, *TEACH_ROLES)


def get_study_for(user, study_id: int) -> Study:
    """A study `user` may read; 404 otherwise."""
    study = _study(study_id)
    if not can_read(user, study):
        raise Http404(_("Étude introuvable."))
    return study


def get_study_for_edit(user, study_id: int) -> Study:
    """A study `user` may change; 404 otherwise (a reader who may not write included)."""
    study = _study(study_id)
    if not can_edit(user, study):
        raise Http404(_("Étude introuvable."))
    return study


def get_cohort_for_foresight(user, slug: str) -> Cohort:
    """The cohort if `user` is a participant, tutor, speaker or coordinator in it."""
    cohort = Cohort.objects.select_related("programme").filter(slug=slug).first()
    if cohort is None or not user.is_authenticated or not has_role(user, cohort, *LIST_ROLES):
        raise Http404(_("Promotion introuvable."))
    return cohort
