"""Reads about people: a cohort's invitations with their state, a person's API tokens."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.cohorts.models import Cohort, Membership
from essor.core import clock

from .models import ApiToken, Invitation, User

STATUS_LABELS = {
    "pending": gettext_lazy("en attente"),
    "accepted": gettext_lazy("acceptée"),
    "expired": gettext_lazy("expirée"),
    "revoked": gettext_lazy("révoquée"),
}


def invitation_status(invitation: Invitation, now: datetime) -> str:
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= now:
        return "expired"
    return "pending"


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def can_resend(self) -> bool:
        return self.status != "accepted"

    @property
    def can_revoke(self) -> bool:
        return self.status in {"pending", "expired"}


def cohort_invitations(cohort: Cohort) -> list[InvitationRow]:
    """Every invitation of the cohort, newest first, with its state: one query."""
    now = clock.now()
    invitations = Invitation.objects.filter(cohort=cohort).select_related(
        "created_by", "accepted_by"
    )
    return [InvitationRow(inv, invitation_status(inv, now)) for inv in invitations]


def get_cohort_invitation(cohort: Cohort, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.filter(cohort=cohort, pk=invitation_id).first()
    if invitation is None:
        raise Http404(_("Invitation introuvable."))
    return invitation


def user_tokens(user: User) -> QuerySet[ApiToken]:
    """The person's own tokens, revoked ones included (they show when it was done)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def get_token_for(user: User, token_id: int) -> ApiToken:
    """One of the person's own tokens; someone else's is a 404, like an unknown one."""
    token = (
        ApiToken.objects.filter(user=user, pk=token_id).first() if user.is_authenticated else None
    )
    if token is None:
        raise Http404(_("Jeton introuvable."))
    return token


def roles_by_cohort(user: User) -> dict[str, list[str]]:
    """{cohort slug: [roles]} for the person: one query."""
    result: dict[str, list[str]] = {}
    rows = (
        Membership.objects.filter(user=user)
        .order_by("cohort__slug", "role")
        .values_list("cohort__slug", "role")
    )
    for slug, role in rows:
        result.setdefault(slug, []).append(role)
    return result
