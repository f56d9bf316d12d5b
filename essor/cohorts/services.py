"""Writes on cohorts. Each function is one transaction and raises DomainError on a broken rule."""

from typing import Literal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from essor.core.errors import DomainError
from essor.programmes.models import Programme

from .models import Cohort, Enrolment, EnrolmentEvent, EnrolmentStatus, Role

Change = Literal["created", "updated", "unchanged"]


@transaction.atomic
def upsert_edition_cohort(
    *, programme: Programme, slug: str, title: str, timezone: str, place: str
) -> tuple[Cohort, Change]:
    """The cohort of a programme file's dated edition, created or brought up to date.

    `is_public` is left alone on update: publishing is the coordination's decision, not
    the file's.
    """
    cohort = Cohort.objects.select_for_update().filter(slug=slug).first()
    if cohort is None:
        cohort = Cohort.objects.create(
            programme=programme, slug=slug, title=title, timezone=timezone, place=place
        )
        return cohort, "created"
    if cohort.programme_id != programme.pk:
        raise DomainError(
            "cohort_of_another_programme",
            f"La promotion {slug} appartient déjà au programme {cohort.programme.code} : "
            "choisissez un autre identifiant d'édition (slug).",
        )
    values = {"title": title, "timezone": timezone, "place": place}
    changed = [name for name, value in values.items() if getattr(cohort, name) != value]
    if not changed:
        return cohort, "unchanged"
    for name in changed:
        setattr(cohort, name, values[name])
    cohort.save(update_fields=changed)
    return cohort, "updated"


# Which status may follow which. A withdrawal can be undone (back to enrolled); a
# certified participant stays certified (a corrected certificate is a new issue).
_TRANSITIONS = {
    EnrolmentStatus.ADMITTED: {EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN},
    EnrolmentStatus.ENROLLED: {EnrolmentStatus.WITHDRAWN, EnrolmentStatus.CERTIFIED},
    EnrolmentStatus.WITHDRAWN: {EnrolmentStatus.ENROLLED},
    EnrolmentStatus.CERTIFIED: set(),
}


@transaction.atomic
def change_enrolment_status(
    *, enrolment: Enrolment, to_status: str, by, reason: str = ""
) -> Enrolment:
    """Move an enrolment to `to_status`, keeping who, when, from, to and why."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.status == to_status:
        return locked
    if to_status not in _TRANSITIONS[EnrolmentStatus(locked.status)]:
        raise DomainError(
            "enrolment_transition",
            _("Impossible de passer une inscription de « %(from)s » à « %(to)s ».")
            % {
                "from": EnrolmentStatus(locked.status).label,
                "to": EnrolmentStatus(to_status).label,
            },
        )
    EnrolmentEvent.objects.create(
        enrolment=locked, from_status=locked.status, to_status=to_status, by=by, reason=reason
    )
    locked.status = to_status
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def invitation_accepted(*, user, cohort: Cohort, role: str) -> Enrolment | None:
    """A participant who accepts their invitation becomes enrolled.

    The enrolment made at admission (matched by the application's e-mail address) is
    attached to the new account; a participant invited directly gets a new enrolment.
    """
    if role != Role.PARTICIPANT:
        return None
    enrolment = (
        # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the
        # application, and only the enrolment needs the lock.
        Enrolment.objects.select_for_update(of=("self",))
        .filter(cohort=cohort)
        .filter(Q(user=user) | Q(user=None, application__email__iexact=user.email))
        .order_by("-user_id")
        .first()
    )
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            cohort=cohort, user=user, status=EnrolmentStatus.ENROLLED
        )
        EnrolmentEvent.objects.create(
            enrolment=enrolment,
            to_status=EnrolmentStatus.ENROLLED,
            by=user,
            reason=_("Invitation acceptée."),
        )
        return enrolment
    if enrolment.user_id is None:
        enrolment.user = user
        enrolment.save(update_fields=["user"])
    if enrolment.status == EnrolmentStatus.ADMITTED:
        enrolment = change_enrolment_status(
            enrolment=enrolment,
            to_status=EnrolmentStatus.ENROLLED,
            by=user,
            reason=_("Invitation acceptée."),
        )
    return enrolment


@transaction.atomic
def assign_tutor(*, enrolment: Enrolment, tutor, by) -> Enrolment:
    """Give `enrolment` the tutor `tutor` (None removes the tutor).

    Only a tutor of the enrolment's own cohort may be assigned: the tutor then sees the
    participant's private work, so a person without that role there must not. `by` is the
    coordinator acting; it is part of the signature so the future audit trail needs no
    change of callers.
    """
    locked = Enrolment.objects.select_for_update().select_related("cohort").get(pk=enrolment.pk)
    if tutor is not None and not (
        locked.cohort.memberships.filter(user=tutor, role=Role.TUTOR).exists()
    ):
        raise DomainError(
            "not_a_tutor",
            _(
                "%(name)s n'est pas tuteur·rice de la promotion %(cohort)s : seul·es les "
                "tuteur·rices de la promotion peuvent suivre ses auditeur·rices."
            )
            % {"name": tutor, "cohort": locked.cohort},
        )
    if locked.tutor_id != (tutor.pk if tutor is not None else None):
        locked.tutor = tutor
        locked.save(update_fields=["tutor"])
    return locked
