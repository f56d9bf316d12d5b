"""Who is calling the API: a bearer token, or the browser's own session.

Use `auth=session_or_token` on any operation that needs a signed-in person; the person
is then both `request.auth` and `request.user`, whichever way they came in.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from essor.accounts.services import user_for_api_token


class SessionOrToken(HttpBearer):
    """`Authorization: Bearer <token>` if the header is there, the session cookie otherwise.

    A request that carries the header is judged on the token alone: a revoked token is a
    401 even from a browser that also holds a session, so a client never silently acts
    under another identity than the one it chose. The session path checks CSRF on unsafe
    methods (a cookie is sent by the browser on its own; a bearer header is not).

    Failures raise HttpError with a French message rather than returning None, so the
    client reads why (ninja's own answer would be an English "Unauthorized").
    """

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        if header:
            return self._from_header(request, header)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
                raise HttpError(
                    403, _("Vérification CSRF échouée : rechargez la page et recommencez.")
                )
            return user
        raise HttpError(
            401,
            _("Authentification requise : connectez-vous ou envoyez un jeton d'API (Bearer)."),
        )

    def _from_header(self, request: HttpRequest, header: str):
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise HttpError(
                401, _("En-tête Authorization attendu sous la forme « Bearer <jeton> ».")
            )
        user = self.authenticate(request, raw.strip())
        if user is None:
            raise HttpError(401, _("Jeton d'API inconnu ou révoqué."))
        return user

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_api_token(token)
        if user is not None:
            # Views and permission helpers read request.user: make it the token's owner.
            request.user = user
        return user


session_or_token = SessionOrToken()
