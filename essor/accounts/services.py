"""Writes about people: invitations to a cohort, accepting them, API tokens."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Membership, Role
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.formats import french_date, french_time

from .models import ApiToken, Invitation, User
from .tokens import digest, new_secret


def _local_moment(moment: datetime, zone: str) -> str:
    """« 3 mars 2025 à 14 h 30 », in the cohort's zone (the reader's wall clock)."""
    try:
        local = moment.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        local = timezone.localtime(moment)
    return _("%(date)s à %(time)s") % {
        "date": french_date(local.date()),
        "time": french_time(local.time()),
    }


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
    context = {
        "invitation": invitation,
        "url": invitation_url(token),
        "cohort": cohort,
        "expires": _local_moment(invitation.expires_at, cohort.timezone),
    }
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
    if invitation is None:
        raise DomainError("invitation_unknown", _("Ce lien d'invitation n'est pas valide."))
    if invitation.revoked_at is not None:
        raise DomainError(
            "invitation_revoked",
            _(
                "Ce lien d'invitation a été annulé (une invitation plus récente l'a peut-être "
                "remplacé). Utilisez le dernier lien reçu ou contactez la coordination."
            ),
        )
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


def account_for_invitation(invitation: Invitation) -> User | None:
    """The existing account the invitation's address belongs to, if any."""
    return User.objects.filter(email__iexact=invitation.email).first()


def _lock_pending(token: str) -> Invitation:
    found = find_invitation(token)
    # Lock the row, then look again: two clicks on the same link must not both succeed.
    invitation = Invitation.objects.select_for_update().select_related("cohort").get(pk=found.pk)
    if invitation.accepted_at is not None:
        raise DomainError(
            "invitation_used",
            _("Ce lien d'invitation a déjà été utilisé. Connectez-vous avec votre mot de passe."),
        )
    if invitation.revoked_at is not None:
        raise DomainError("invitation_revoked", _("Ce lien d'invitation a été annulé."))
    return invitation


def _grant(invitation: Invitation, user: User) -> None:
    Membership.objects.get_or_create(user=user, cohort=invitation.cohort, role=invitation.role)
    invitation.accepted_at = clock.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    from essor.cohorts.permissions import forget_roles
    from essor.cohorts.services import invitation_accepted

    forget_roles(user)
    invitation_accepted(user=user, cohort=invitation.cohort, role=invitation.role)


@transaction.atomic
def accept_invitation(*, token: str, password: str, username: str = "") -> User:
    """Use the invitation once: create the account with its password, grant the role.

    Only for an address that has no account yet. An existing account never gets its
    password set through an invitation link (the link would otherwise be a second,
    unthrottled password reset): its owner logs in and calls `join_with_invitation`.
    """
    invitation = _lock_pending(token)
    if account_for_invitation(invitation) is not None:
        raise DomainError(
            "account_exists",
            _(
                "Un compte existe déjà pour %(email)s : connectez-vous avec ce compte, "
                "puis ouvrez à nouveau le lien pour accepter l'invitation."
            )
            % {"email": invitation.email},
        )
    username = (username or invitation.email.split("@")[0]).strip()
    if not username:
        raise DomainError("username_required", _("Choisissez un identifiant."))
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
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        messages = exc.message_dict.get("username") or exc.messages
        raise DomainError("username_invalid", " ".join(messages)) from exc
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("weak_password", " ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    _grant(invitation, user)
    return user


@transaction.atomic
def join_with_invitation(*, token: str, user: User) -> User:
    """An existing, logged-in account takes the role its invitation offers.

    The invitation was sent to one address: only the account with that address may use
    it, so a forwarded link cannot hand a role to someone else.
    """
    invitation = _lock_pending(token)
    if not user.is_authenticated or user.email.casefold() != invitation.email.casefold():
        raise DomainError(
            "invitation_other_account",
            _(
                "Cette invitation est adressée à %(email)s : connectez-vous avec le compte "
                "de cette adresse pour l'accepter."
            )
            % {"email": invitation.email},
        )
    _grant(invitation, user)
    return user


@transaction.atomic
def invite(
    *, cohort: Cohort, role: str, email: str, first_name: str, last_name: str, by: User
) -> tuple[Invitation, str]:
    """The coordination invites someone: refuses a role the person already holds."""
    if role not in Role.values:
        raise DomainError("invalid_role", _("Rôle inconnu."))
    if Membership.objects.filter(
        cohort=cohort, role=role, user__email__iexact=email.strip()
    ).exists():
        raise DomainError(
            "already_member",
            _("%(email)s a déjà le rôle « %(role)s » dans cette promotion.")
            % {"email": email.strip(), "role": Role(role).label},
        )
    return create_invitation(
        cohort=cohort,
        role=role,
        email=email,
        invited_by=by,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )


@transaction.atomic
def resend_invitation(*, invitation: Invitation, by: User) -> tuple[Invitation, str]:
    """A new link for the same person and role; the old link stops working."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise DomainError(
            "invitation_used", _("Cette invitation a déjà été acceptée : rien à renvoyer.")
        )
    if locked.revoked_at is None:
        locked.revoked_at = clock.now()
        locked.save(update_fields=["revoked_at"])
    return create_invitation(
        cohort=locked.cohort,
        role=locked.role,
        email=locked.email,
        invited_by=by,
        first_name=locked.first_name,
        last_name=locked.last_name,
    )


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> Invitation:
    """The link stops working at once. An accepted invitation cannot be revoked (remove
    the role instead)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise DomainError(
            "invitation_used",
            _("Cette invitation a déjà été acceptée : elle ne peut plus être révoquée."),
        )
    if locked.revoked_at is None:
        locked.revoked_at = clock.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def issue_api_token(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new bearer token; the raw value is returned once and never stored."""
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
