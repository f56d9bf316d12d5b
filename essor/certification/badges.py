"""Open Badges 3.0: each certificate as an `OpenBadgeCredential`, signed as a VC-JWT
(EdDSA, Ed25519), and the verifier that checks one.

Choices, written down:
- The credential id is `urn:uuid:` + a UUID v5 of the certificate number: stable for a
  certificate (rebuilding gives the same id) and not tied to the site's address.
- The subject is identified without an e-mail in clear: an OB 3.0 `IdentityObject` of
  type `emailAddress`, hashed (sha256 with a salt derived from the number), plus the
  holder's name as printed on the certificate (type `name`, in clear, as on the PDF).
- `credentialStatus` is of type `1EdTechRevocationList` and points to
  `/badges/revocations#<number>`: the published list holds, for each revoked or
  superseded credential, its id, the date and a generic category — no reason in words
  (that could be personal); the verifier reads the status from the database.
"""

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from jwcrypto import jwk, jws
from jwcrypto.common import json_decode

from essor.core import clock

from . import keys
from .models import Certificate, CertificateStatus

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
CREDENTIAL_NAMESPACE = uuid.UUID("6f1d3c52-7a1e-4c8e-9a63-2f0d5b1e8c47")
ALGORITHM = "EdDSA"


def base_url() -> str:
    return settings.ESSOR_BASE_URL.rstrip("/")


def absolute(path: str) -> str:
    return base_url() + path


def issuer_id() -> str:
    return absolute(reverse("certification:issuer"))


def issuer_profile() -> dict:
    """The issuer's OB 3.0 `Profile`, published at `/badges/issuer`."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_id(),
        "type": ["Profile"],
        "name": settings.ESSOR_ISSUER_NAME,
        "url": base_url() + "/",
    }


def credential_id(number: str) -> str:
    return f"urn:uuid:{uuid.uuid5(CREDENTIAL_NAMESPACE, number)}"


def status_id(number: str) -> str:
    return absolute(reverse("certification:revocations")) + f"#{number}"


def achievement(programme) -> dict:
    """The OB 3.0 `Achievement` of a programme (also published on its own URL)."""
    description = _("%(name)s — %(title)s (%(level)s), %(institution)s.") % {
        "name": programme.certificate_name,
        "title": programme.title,
        "level": programme.level_label,
        "institution": programme.institution,
    }
    return {
        "id": absolute(reverse("certification:achievement", args=[programme.code])),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": programme.certificate_name,
        "description": description,
        "criteria": {"narrative": (programme.certification or {}).get("text", "")},
        "creator": {"id": issuer_id(), "type": ["Profile"], "name": settings.ESSOR_ISSUER_NAME},
    }


def _salt(number: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), number.encode(), "sha256").hexdigest()[:16]


def _identifiers(certificate: Certificate) -> list[dict]:
    identifiers = []
    email = (certificate.enrolment.user.email or "").strip().lower()
    if email:
        salt = _salt(certificate.number)
        digest = hashlib.sha256((email + salt).encode()).hexdigest()
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": f"sha256${digest}",
                "salt": salt,
            }
        )
    identifiers.append(
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": certificate.holder_name,
        }
    )
    return identifiers


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_credential(certificate: Certificate) -> dict:
    """The certificate as an `OpenBadgeCredential` (unsigned JSON)."""
    programme = certificate.enrolment.cohort.programme
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id(certificate.number),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": settings.ESSOR_ISSUER_NAME},
        "validFrom": _iso(certificate.issued_at),
        "name": certificate.programme_title or programme.certificate_name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _identifiers(certificate),
            "achievement": achievement(programme),
        },
        "credentialStatus": {
            "id": status_id(certificate.number),
            "type": "1EdTechRevocationList",
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def _subject_ref(credential: dict) -> str:
    for identifier in credential.get("credentialSubject", {}).get("identifier", []):
        if identifier.get("identityHash"):
            return identifier["identityHash"]
    return credential.get("id", "")


def sign_credential(credential: dict) -> str:
    """The credential as a compact JWS (VC-JWT), signed with the badge key."""
    valid_from = datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00"))
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": _subject_ref(credential),
        "nbf": int(valid_from.timestamp()),
        "iat": int(clock.now().timestamp()),
        "vc": credential,
    }
    token = jws.JWS(json.dumps(claims, ensure_ascii=False).encode())
    token.add_signature(
        keys.signing_key(),
        alg=ALGORITHM,
        protected=json.dumps({"alg": ALGORITHM, "typ": "JWT", "kid": keys.key_id()}),
    )
    return token.serialize(compact=True)


@transaction.atomic
def ensure_credential(*, certificate: Certificate) -> Certificate:
    """The certificate with its credential built and signed (once; stored thereafter)."""
    locked = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
    if locked.credential_jwt and locked.credential_json:
        return locked
    locked.credential_json = build_credential(certificate)
    locked.credential_jwt = sign_credential(locked.credential_json)
    locked.save(update_fields=["credential_json", "credential_jwt"])
    return locked


def revocation_list() -> dict:
    """The published list: revoked and superseded credentials, without reasons in words."""
    entries = []
    rows = (
        Certificate.objects.exclude(status=CertificateStatus.VALID)
        .select_related("superseded_by")
        .order_by("number")
    )
    for certificate in rows:
        if certificate.status == CertificateStatus.REVOKED:
            when = certificate.revoked_at
        else:
            when = certificate.superseded_by.issued_at if certificate.superseded_by else None
        entries.append(
            {
                "id": credential_id(certificate.number),
                "status": certificate.status,
                "date": _iso(when) if when else None,
            }
        )
    return {
        "id": absolute(reverse("certification:revocations")),
        "type": "1EdTechRevocationList",
        "issuer": issuer_id(),
        "revokedCredentials": entries,
    }


# --- verification -------------------------------------------------------------------


@dataclass
class Result:
    valid: bool
    errors: list[str] = field(default_factory=list)
    credential: dict | None = None
    certificate: Certificate | None = None


REQUIRED_FIELDS = (
    ("@context",),
    ("id",),
    ("type",),
    ("issuer", "id"),
    ("validFrom",),
    ("name",),
    ("credentialSubject",),
    ("credentialSubject", "achievement", "id"),
    ("credentialSubject", "achievement", "type"),
    ("credentialSubject", "achievement", "name"),
    ("credentialSubject", "achievement", "criteria"),
)


def _get(data, path):
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _structure_errors(credential: dict) -> list[str]:
    errors = []
    for path in REQUIRED_FIELDS:
        if _get(credential, path) in (None, "", [], {}):
            errors.append(_("Champ obligatoire absent : %(field)s.") % {"field": ".".join(path)})
    contexts = credential.get("@context") or []
    if contexts[:1] != [VC_CONTEXT] or OB_CONTEXT not in contexts:
        errors.append(_("Contextes JSON-LD attendus absents (VC 2.0 puis OB 3.0)."))
    types = credential.get("type") or []
    if "VerifiableCredential" not in types or "OpenBadgeCredential" not in types:
        errors.append(_("Type attendu : VerifiableCredential et OpenBadgeCredential."))
    subject = credential.get("credentialSubject") or {}
    if not subject.get("id") and not subject.get("identifier"):
        errors.append(_("Le badge ne désigne pas son titulaire."))
    return errors


def _parse_time(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _date_errors(claims: dict, credential: dict) -> list[str]:
    errors = []
    now = clock.now()
    starts = [_parse_time(credential.get("validFrom"))]
    if isinstance(claims.get("nbf"), int | float):
        starts.append(datetime.fromtimestamp(claims["nbf"], UTC))
    for start in filter(None, starts):
        if start > now:
            errors.append(
                _("Badge pas encore valide (valide à partir du %(date)s).")
                % {"date": start.strftime("%d/%m/%Y")}
            )
            break
    if credential.get("validFrom") and starts[0] is None:
        errors.append(_("Date de début de validité illisible."))
    ends = [_parse_time(credential.get("validUntil"))]
    if isinstance(claims.get("exp"), int | float):
        ends.append(datetime.fromtimestamp(claims["exp"], UTC))
    for end in filter(None, ends):
        if end < now:
            errors.append(_("Badge expiré le %(date)s.") % {"date": end.strftime("%d/%m/%Y")})
            break
    return errors


def _status_errors(credential: dict) -> tuple[list[str], Certificate | None]:
    status_ref = _get(credential, ("credentialStatus", "id")) or ""
    number = status_ref.partition("#")[2]
    certificate = (
        Certificate.objects.select_related("superseded_by").filter(number=number).first()
        if number
        else None
    )
    if certificate is None or credential_id(certificate.number) != credential.get("id"):
        return [_("Ce badge est inconnu d'Essor.")], None
    if certificate.status == CertificateStatus.REVOKED:
        date = certificate.revoked_at.strftime("%d/%m/%Y") if certificate.revoked_at else "—"
        return [_("Ce badge a été révoqué le %(date)s.") % {"date": date}], certificate
    if certificate.status == CertificateStatus.SUPERSEDED:
        newer = certificate.superseded_by.number if certificate.superseded_by else "—"
        return [
            _("Ce badge a été remplacé par un certificat corrigé (n° %(number)s).")
            % {"number": newer}
        ], certificate
    return [], certificate


def verify_credential(token: str) -> Result:
    """Signature (against the published key), dates, revocation, subject, OB 3.0 fields."""
    token = (token or "").strip()
    parsed = jws.JWS()
    try:
        parsed.deserialize(token)
        header = parsed.jose_header
    except Exception:
        return Result(False, [_("Ce texte n'est pas un badge signé (VC-JWT) lisible.")])
    if header.get("alg") != ALGORITHM:
        return Result(False, [_("Algorithme de signature non accepté (EdDSA attendu).")])
    published = jwk.JWKSet.from_json(json.dumps(keys.public_jwks()))
    key = published.get_key(header.get("kid")) if header.get("kid") else None
    if key is None:
        return Result(False, [_("Badge signé avec une clé qui n'est pas celle d'Essor.")])
    try:
        parsed.verify(key, alg=ALGORITHM)
        claims = json_decode(parsed.payload)
    except Exception:
        return Result(
            False,
            [_("Signature invalide : le badge a été modifié ou n'a pas été signé par Essor.")],
        )
    credential = claims.get("vc") if isinstance(claims, dict) else None
    if not isinstance(credential, dict):
        return Result(False, [_("Le jeton ne contient pas de badge (champ « vc »).")])
    errors = _structure_errors(credential)
    if claims.get("jti") != credential.get("id") or claims.get("iss") != _get(
        credential, ("issuer", "id")
    ):
        errors.append(_("L'en-tête du jeton ne correspond pas au badge."))
    errors += _date_errors(claims, credential)
    status_errors, certificate = _status_errors(credential)
    errors += status_errors
    return Result(not errors, errors, credential, certificate)
