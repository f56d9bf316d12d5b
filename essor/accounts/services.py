"""Writes about people: invitations to a cohort, accepting them, API tokens."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Membership
from essor.core import clock
from essor.core.errors import DomainError

from .models import ApiToken, Invitation, User
from .tokens import digest, new_secret


def invitation_url(token: str) -> str:
    return settings.ESSOR_BASE_URL.rstrip("/") + reverse("accounts:accept-invitation", args=[token])


@transaction.atomic
def create_invitation(
    *,
    cohort: Cohort,
    role: str,
    email: str,
    invited_by: User | None,
    first_name: str = "",
    last_name: str = "",
) -> tuple[Invitation, str]:
    """Invite `email` to `cohort` with `role`; e-mails a single-use, expiring link.

    Returns the invitation and the raw token (shown nowhere else; only its hash is kept).
    An earlier pending invitation for the same address, cohort and role is revoked, so a
    re-sent invitation leaves exactly one working link.
    """
    email = email.strip().lower()
    now = clock.now()
    Invitation.objects.filter(
        cohort=cohort, role=role, email__iexact=email, accepted_at=None, revoked_at=None
    ).update(revoked_at=now)
    token = new_secret()
    invitation = Invitation.objects.create(
        cohort=cohort,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
        token_hash=digest(token),
        created_by=invited_by,
        expires_at=now + timedelta(days=settings.ESSOR_INVITATION_DAYS),
    )
    context = {"invitation": invitation, "url": invitation_url(token), "cohort": cohort}
    transaction.on_commit(
        lambda: send_mail(
            subject=_("Invitation à rejoindre %(cohort)s sur Essor") % {"cohort": cohort.title},
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    )
    return invitation, token


def find_invitation(token: str) -> Invitation:
    """The pending invitation for `token`, or a DomainError saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("cohort").filter(token_hash=digest(token)).first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise DomainError("invitation_unknown", _("Ce lien d'invitation n'est pas valide."))
    if invitation.accepted_at is not None:
        raise DomainError(
            "invitation_used",
            _("Ce lien d'invitation a déjà été utilisé. Connectez-vous avec votre mot de passe."),
        )
    if invitation.expires_at <= clock.now():
        raise DomainError(
            "invitation_expired",
            _("Ce lien d'invitation a expiré. Demandez à la coordination de vous en renvoyer un."),
        )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str, username: str = "") -> User:
    """Use the invitation once: create (or find) the account, set its password, grant the role."""
    found = find_invitation(token)
    # Lock the row: two clicks on the same link must not both succeed.
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    if invitation.accepted_at is not None:
        raise DomainError(
            "invitation_used",
            _("Ce lien d'invitation a déjà été utilisé. Connectez-vous avec votre mot de passe."),
        )
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        username = (username or invitation.email.split("@")[0]).strip()
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(
                "username_taken", _("Cet identifiant est déjà pris : choisissez-en un autre.")
            )
        user = User(
            username=username,
            email=invitation.email,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
        )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("weak_password", " ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    Membership.objects.get_or_create(user=user, cohort=invitation.cohort, role=invitation.role)
    invitation.accepted_at = clock.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    from essor.cohorts.services import invitation_accepted

    invitation_accepted(user=user, cohort=invitation.cohort, role=invitation.role)
    return user


def issue_api_token(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    raw = "essor_" + new_secret()
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[6:14], key_hash=digest(raw)
    )
    return token, raw


def revoke_api_token(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])


def user_for_api_token(raw: str) -> User | None:
    """The active user behind a bearer token, or None (unknown, revoked, inactive)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest(raw), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    # Touch at most once a minute: a busy client must not turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
