"""The JSON API: one NinjaAPI, assembled from each app's router.

Errors answer in French, in one shape: {"detail": "<message>"} (plus "code" for domain
errors and "errors" for invalid input), so a client can show `detail` as it is.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import ValidationError

from essor.core.errors import DomainError

api = NinjaAPI(
    title="Essor API",
    version="1",
    description=(
        "API d'Essor : programmes, promotions, émargement, certification, "
        "cahier de diagnostic, prospective."
    ),
    urls_namespace="api",
)

# Pydantic's English messages, for the error types a client of this API can trigger.
VALIDATION_MESSAGES = {
    "missing": gettext_lazy("Champ obligatoire."),
    "int_parsing": gettext_lazy("Nombre entier attendu."),
    "int_type": gettext_lazy("Nombre entier attendu."),
    "float_parsing": gettext_lazy("Nombre attendu."),
    "float_type": gettext_lazy("Nombre attendu."),
    "decimal_parsing": gettext_lazy("Nombre attendu."),
    "bool_parsing": gettext_lazy("Valeur booléenne attendue (true ou false)."),
    "string_type": gettext_lazy("Texte attendu."),
    "string_too_short": gettext_lazy("Texte trop court."),
    "string_too_long": gettext_lazy("Texte trop long."),
    "date_parsing": gettext_lazy("Date attendue (AAAA-MM-JJ)."),
    "date_from_datetime_parsing": gettext_lazy("Date attendue (AAAA-MM-JJ)."),
    "datetime_parsing": gettext_lazy("Date et heure attendues (ISO 8601)."),
    "datetime_from_date_parsing": gettext_lazy("Date et heure attendues (ISO 8601)."),
    "enum": gettext_lazy("Valeur non prévue."),
    "literal_error": gettext_lazy("Valeur non prévue."),
    "json_invalid": gettext_lazy("JSON invalide."),
    "model_attributes_type": gettext_lazy("Objet JSON attendu."),
    "dict_type": gettext_lazy("Objet JSON attendu."),
    "list_type": gettext_lazy("Liste attendue."),
    "greater_than": gettext_lazy("Valeur trop petite."),
    "greater_than_equal": gettext_lazy("Valeur trop petite."),
    "less_than": gettext_lazy("Valeur trop grande."),
    "less_than_equal": gettext_lazy("Valeur trop grande."),
}


def french_validation_errors(errors: list[dict]) -> list[dict]:
    """Each error as {"field", "message"}: the location without ninja's internal prefixes."""
    result = []
    for error in errors:
        # ninja's locations start with the source ("body", "query", "path") and, for
        # bodies, the parameter name: only the field path means something to a client.
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] == "body" and len(loc) > 2:
            loc = loc[2:]
        elif loc and loc[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
            loc = loc[1:]
        message = VALIDATION_MESSAGES.get(error.get("type", ""), _("Valeur invalide."))
        result.append({"field": ".".join(loc), "message": str(message)})
    return result


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(
        request, {"code": exc.code, "detail": exc.message, "details": exc.details}, status=400
    )


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    # Selectors raise Http404 with a French message (« Promotion introuvable. »); one
    # raised without a message (or Django's English default) gets a French generic one.
    message = str(exc.args[0]) if exc.args else ""
    if not message or message.endswith("matches the given query."):
        message = _("Ressource introuvable.")
    return api.create_response(request, {"detail": message}, status=404)


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    return api.create_response(
        request,
        {"detail": _("Données invalides."), "errors": french_validation_errors(exc.errors)},
        status=422,
    )


api.add_router("/", "essor.programmes.api.router")
api.add_router("/auth", "essor.accounts.api.router")
api.add_router("/", "essor.cohorts.api.router")
api.add_router("/", "essor.attendance.api.router")
api.add_router("/", "essor.certification.verify_api.router")
api.add_router("/", "essor.certification.api.router")
api.add_router("/workbook", "essor.workbook.api.router")
api.add_router("/foresight", "essor.foresight.api.router")
