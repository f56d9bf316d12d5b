"""`GET /api/verify/{code}`: the public status of a certificate (no authentication)."""

from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from essor.certification.certificate_selectors import public_status
from essor.certification.views.verify import too_many_lookups, too_many_message

router = Router(tags=["certification"])


class VerificationOut(Schema):
    status: str
    number: str
    holder: str
    programme: str
    issued_on: date
    superseded_by: str | None = None
    revoked_on: date | None = None
    revocation_reason: str | None = None


class Detail(Schema):
    detail: str


@router.get(
    "/verify/{code}",
    response={200: VerificationOut, 404: Detail, 429: Detail},
    exclude_none=True,
    auth=None,
    summary="Statut public d'un certificat",
)
def verify(request, code: str):
    if too_many_lookups(request):
        return Status(429, {"detail": too_many_message()})
    result = public_status(code)
    if result is None:
        raise Http404(_("Aucun certificat ne correspond à ce code."))
    return result
