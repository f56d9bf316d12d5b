"""Open Badges: the public issuer documents (profile, key, achievement, revocation list),
the verifier, and the holder's downloads of their credential."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from essor.cohorts.models import Role
from essor.cohorts.permissions import has_role
from essor.programmes.models import Programme

from .. import badges, keys
from ..models import Certificate

JSON_LD = "application/ld+json"
MAX_TOKEN_CHARS = 100_000


def _json(data: dict, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = f"{content_type}; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch these from anywhere
    return response


@require_GET
def issuer(request):
    return _json(badges.issuer_profile(), JSON_LD)


@require_GET
def jwks(request):
    return _json(keys.public_jwks())


@require_GET
def achievement(request, code):
    programme = get_object_or_404(Programme, code=code)
    data = {"@context": [badges.VC_CONTEXT, badges.OB_CONTEXT], **badges.achievement(programme)}
    return _json(data, JSON_LD)


@require_GET
def revocations(request):
    return _json(badges.revocation_list())


@require_http_methods(["GET", "POST"])
def verify(request):
    """Paste a VC-JWT; the answer in French. Public, nothing stored."""
    token = ""
    result = None
    status = 200
    if request.method == "POST":
        token = request.POST.get("token", "").strip()
        if not token:
            status = 400
            result = badges.Result(False, [_("Collez le badge (VC-JWT) à vérifier.")])
        elif len(token) > MAX_TOKEN_CHARS:
            status = 400
            result = badges.Result(False, [_("Ce texte est trop long pour être un badge.")])
            token = ""
        else:
            result = badges.verify_credential(token)
    context = {"token": token, "result": result}
    if result and result.credential:
        context["achievement"] = result.credential.get("credentialSubject", {}).get(
            "achievement", {}
        )
    return render(request, "certification/badge_verify.html", context, status=status)


def _certificate_for(user, number: str) -> Certificate:
    """The certificate if `user` holds it or coordinates its cohort; 404 otherwise."""
    certificate = (
        Certificate.objects.select_related("enrolment__cohort__programme", "enrolment__user")
        .filter(number=number)
        .first()
    )
    if certificate is None:
        raise Http404(_("Certificat introuvable."))
    enrolment = certificate.enrolment
    if enrolment.user_id != user.pk and not has_role(user, enrolment.cohort_id, Role.COORDINATOR):
        raise Http404(_("Certificat introuvable."))
    return certificate


@login_required
@require_GET
def credential_json(request, number):
    certificate = badges.ensure_credential(certificate=_certificate_for(request.user, number))
    body = json.dumps(certificate.credential_json, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.json"'
    return response


@login_required
@require_GET
def credential_jwt(request, number):
    certificate = badges.ensure_credential(certificate=_certificate_for(request.user, number))
    response = HttpResponse(certificate.credential_jwt, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.jwt"'
    return response
