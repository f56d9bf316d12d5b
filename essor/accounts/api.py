"""API tokens over JSON: get one with a password, list and revoke one's own, ask who I am."""

from datetime import datetime

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from essor.api.auth import session_or_token

from .demo import demo_allowed, is_demo_password
from .selectors import get_token_for, roles_by_cohort, user_tokens
from .services import issue_api_token, revoke_api_token

router = Router(tags=["authentification"])


class Credentials(Schema):
    username: str = Field(description="Identifiant ou adresse électronique.", max_length=254)
    password: str = Field(max_length=4096)
    name: str = Field("", description="Nom du jeton, pour le reconnaître.", max_length=100)


class NewToken(Schema):
    token: str = Field(description="À conserver : il ne sera plus jamais affiché.")
    id: int


class Message(Schema):
    detail: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="Début du jeton, pour le reconnaître.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class Me(Schema):
    username: str
    email: str
    roles: dict[str, list[str]] = Field(description="Rôles par promotion (slug → rôles).")


@router.post("/token", response={201: NewToken, 401: Message}, url_name="auth-token", auth=None)
def create_token(request: HttpRequest, payload: Credentials):
    """Un jeton d'API contre un identifiant (ou une adresse) et un mot de passe.

    Les échecs répétés bloquent le couple identifiant + adresse IP (429), comme à la
    page de connexion.
    """
    # Passing the request lets django-axes count failures and refuse locked-out pairs;
    # its middleware then turns a lockout into a 429 answer.
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if is_demo_password(payload.password) and not demo_allowed():
            return Status(401, {"detail": _("Les comptes de démonstration sont désactivés ici.")})
        return Status(401, {"detail": _("Identifiant ou mot de passe incorrect.")})
    token, raw = issue_api_token(user=user, name=payload.name)
    return Status(201, {"token": raw, "id": token.pk})


@router.get("/tokens", response=list[TokenOut], url_name="auth-tokens", auth=session_or_token)
def list_tokens(request: HttpRequest):
    """Mes jetons, révoqués compris (la valeur d'un jeton n'est jamais renvoyée)."""
    return list(user_tokens(request.auth))


@router.delete(
    "/tokens/{token_id}", response={204: None}, url_name="auth-token-revoke", auth=session_or_token
)
def delete_token(request: HttpRequest, token_id: int):
    """Révoque un de mes jetons ; celui de quelqu'un d'autre : 404."""
    revoke_api_token(token=get_token_for(request.auth, token_id))
    return Status(204, None)


@router.get("/me", response=Me, url_name="auth-me", auth=session_or_token)
def me(request: HttpRequest):
    """Qui suis-je, et quels rôles ai-je dans quelles promotions."""
    user = request.auth
    return {"username": user.username, "email": user.email, "roles": roles_by_cohort(user)}
