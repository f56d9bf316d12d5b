"""The JSON API: one NinjaAPI, assembled from each app's router."""

from ninja import NinjaAPI

from essor.core.errors import DomainError

api = NinjaAPI(
    title="Essor API",
    version="1",
    description="API d'Essor : programmes, promotions, émargement, certification.",
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(
        request, {"code": exc.code, "detail": exc.message, "details": exc.details}, status=400
    )


api.add_router("/", "essor.programmes.api.router")
