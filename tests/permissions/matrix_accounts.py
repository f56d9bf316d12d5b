"""Accounts: login and password pages, « Mon compte », invitations, API tokens."""

from essor.accounts.services import create_invitation, issue_api_token
from tests.factories import PASSWORD

from .matrix import NOT_FOUND, OK, REDIRECT, UNAUTHORIZED, Case, everyone, only

LOGGED_IN = ("coordination", "intervenant", "tuteur", "auditeur", "autre_auditeur", "partenaire")


def logged_in(status: int, *, anonymous: int = REDIRECT) -> dict[str, int]:
    return only(dict.fromkeys(LOGGED_IN, status), anonymous=anonymous)


def invitation_path(action: str):
    def build(p):
        invitation, _token = create_invitation(
            cohort=p["coordination"].memberships.first().cohort,
            role="speaker",
            email="invitee@exemple.fr",
            invited_by=p["coordination"],
        )
        return f"/cohorts/cs26-2025/invitations/{invitation.pk}/{action}/"

    return build


def accept_path(p):
    _invitation, token = create_invitation(
        cohort=p["coordination"].memberships.first().cohort,
        role="participant",
        email="nouvelle@exemple.fr",
        invited_by=p["coordination"],
    )
    return f"/invitations/{token}/"


def auditeur_token(p) -> int:
    return issue_api_token(user=p["auditeur"], name="matrice")[0].pk


CASES = [
    # Someone already logged in is sent on to their home instead of a second login form.
    Case("accounts:login", lambda p: "/accounts/login/", logged_in(REDIRECT, anonymous=OK)),
    Case("accounts:logout", lambda p: "/accounts/logout/", everyone(REDIRECT), method="post"),
    Case("accounts:password-reset", lambda p: "/accounts/password-reset/", everyone(OK)),
    Case("accounts:password-reset-done", lambda p: "/accounts/password-reset/sent/", everyone(OK)),
    # A forged reset link shows the « lien non valable » page, whoever opens it.
    Case(
        "accounts:password-reset-confirm",
        lambda p: "/accounts/reset/MQ/ceci-nest-pas-un-jeton/",
        everyone(OK),
    ),
    Case("accounts:password-reset-complete", lambda p: "/accounts/reset/done/", everyone(OK)),
    Case("accounts:password-change", lambda p: "/accounts/password/", logged_in(OK)),
    Case("accounts:me", lambda p: "/accounts/me/", logged_in(OK)),
    Case(
        "accounts:token-create",
        lambda p: "/accounts/me/tokens/",
        logged_in(OK),
        method="post",
        data=lambda p: {"name": "tableur"},
    ),
    # Only the owner may revoke a token; anyone else gets the same 404 as for no token.
    Case(
        "accounts:token-revoke",
        lambda p: f"/accounts/me/tokens/{auditeur_token(p)}/revoke/",
        only({"auditeur": REDIRECT}),
        method="post",
    ),
    Case(
        "accounts:invitations",
        lambda p: "/cohorts/cs26-2025/invitations/",
        only({"coordination": OK}),
    ),
    Case(
        "accounts:invitations",
        lambda p: "/cohorts/cs26-2025/invitations/",
        only({"coordination": REDIRECT}),
        method="post",
        data=lambda p: {"email": "nouveau@exemple.fr", "role": "tutor"},
    ),
    Case(
        "accounts:invitation-resend",
        invitation_path("resend"),
        only({"coordination": REDIRECT}),
        method="post",
    ),
    Case(
        "accounts:invitation-revoke",
        invitation_path("revoke"),
        only({"coordination": REDIRECT}),
        method="post",
    ),
    # The link itself is the credential: whoever holds it sees the invitation.
    Case("accounts:accept-invitation", accept_path, everyone(OK)),
    Case("accounts:accept-invitation", lambda p: "/invitations/inconnu/", everyone(NOT_FOUND)),
    Case(
        "POST /api/auth/token",
        lambda p: "/api/auth/token",
        everyone(201),
        method="post",
        data=lambda p: {"username": "auditeur", "password": PASSWORD},
        json=True,
    ),
    Case(
        "GET /api/auth/tokens", lambda p: "/api/auth/tokens", logged_in(OK, anonymous=UNAUTHORIZED)
    ),
    Case(
        "DELETE /api/auth/tokens/{token_id}",
        lambda p: f"/api/auth/tokens/{auditeur_token(p)}",
        only({"auditeur": 204}, anonymous=UNAUTHORIZED),
        method="delete",
    ),
    Case("GET /api/auth/me", lambda p: "/api/auth/me", logged_in(OK, anonymous=UNAUTHORIZED)),
]
