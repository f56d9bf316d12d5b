"""Who may see what in which cohort: one place, used by every view and endpoint.

Roles are per cohort. "Doesn't exist" and "you may not see it" give the same answer
(404), so a participant cannot probe for another participant's work.
"""

from collections.abc import Iterable

import rules
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Cohort, Enrolment, Membership, Role

_CACHE_ATTR = "_essor_roles"


def roles_in(user, cohort: Cohort | int) -> frozenset[str]:
    """The roles `user` holds in `cohort`, read once per request and cached on the user."""
    if not user.is_authenticated:
        return frozenset()
    cohort_id = cohort if isinstance(cohort, int) else cohort.pk
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        for cid, role in Membership.objects.filter(user=user).values_list("cohort_id", "role"):
            cache.setdefault(cid, set()).add(role)
        cache = {cid: frozenset(roles) for cid, roles in cache.items()}
        setattr(user, _CACHE_ATTR, cache)
    return cache.get(cohort_id, frozenset())


def forget_roles(user) -> None:
    """Drop the per-request cache after a role was granted or removed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user, cohort: Cohort | int, *roles: str) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return bool(roles_in(user, cohort) & set(roles))


def cohorts_where(user, *roles: str) -> QuerySet[Cohort]:
    if not user.is_authenticated:
        return Cohort.objects.none()
    if user.is_superuser:
        return Cohort.objects.all()
    return Cohort.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


# rules predicates: the object is a Cohort.
@rules.predicate
def is_coordinator(user, cohort) -> bool:
    return cohort is not None and has_role(user, cohort, Role.COORDINATOR)


@rules.predicate
def is_speaker(user, cohort) -> bool:
    return cohort is not None and has_role(user, cohort, Role.SPEAKER)


@rules.predicate
def is_tutor(user, cohort) -> bool:
    return cohort is not None and has_role(user, cohort, Role.TUTOR)


@rules.predicate
def is_participant(user, cohort) -> bool:
    return cohort is not None and has_role(user, cohort, Role.PARTICIPANT)


@rules.predicate
def is_partner(user, cohort) -> bool:
    return cohort is not None and has_role(user, cohort, Role.PARTNER)


rules.add_perm("cohorts.manage_cohort", is_coordinator)
rules.add_perm("cohorts.view_people", is_coordinator | is_speaker | is_tutor)
rules.add_perm("cohorts.view_aggregates", is_coordinator | is_partner)
rules.add_perm("cohorts.teach", is_coordinator | is_speaker)
rules.add_perm("cohorts.tutor", is_coordinator | is_tutor)
rules.add_perm("cohorts.take_part", is_participant)


def get_cohort_for(user, slug: str, perm: str) -> Cohort:
    """The cohort if `user` holds `perm` on it; 404 otherwise (unknown or forbidden alike)."""
    cohort = Cohort.objects.select_related("programme").filter(slug=slug).first()
    if cohort is None or not user.has_perm(perm, cohort):
        raise Http404(_("Promotion introuvable."))
    return cohort


def visible_enrolments(user, cohort: Cohort) -> QuerySet[Enrolment]:
    """Enrolments of `cohort` that `user` may see: all for coordination and speakers,
    their own participants for a tutor, their own for a participant, none otherwise."""
    qs = Enrolment.objects.filter(cohort=cohort)
    if has_role(user, cohort, Role.COORDINATOR, Role.SPEAKER):
        return qs
    if has_role(user, cohort, Role.TUTOR):
        return qs.filter(tutor=user)
    if has_role(user, cohort, Role.PARTICIPANT):
        return qs.filter(user=user)
    return qs.none()


def can_see_private_work(user, enrolment: Enrolment) -> bool:
    """A participant's own work: themselves, their tutor, the coordination."""
    if not user.is_authenticated:
        return False
    if enrolment.user_id == user.pk:
        return True
    if enrolment.tutor_id == user.pk and has_role(user, enrolment.cohort_id, Role.TUTOR):
        return True
    return has_role(user, enrolment.cohort_id, Role.COORDINATOR)


def get_enrolment_for(user, enrolment_id: int, *, select: Iterable[str] = ()) -> Enrolment:
    """An enrolment whose private work `user` may see; 404 otherwise."""
    enrolment = (
        Enrolment.objects.select_related("cohort", "user", "organisation", *select)
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or not can_see_private_work(user, enrolment):
        raise Http404(_("Inscription introuvable."))
    return enrolment
