"""Open Badges 3.0: the credential's required fields, its VC-JWT verified with the
published JWKS, tampering and revocation rejected, the key's life cycle, downloads."""

import base64
import json
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from jwcrypto import jwk, jws

from essor.certification import badges, keys
from essor.certification.models import CertificateStatus
from essor.core import clock
from tests.certification.badge_fixtures import make_certificate

# OB 3.0 (AchievementCredential / OpenBadgeCredential) required properties, as dotted paths.
OB3_REQUIRED = [
    "@context",
    "id",
    "type",
    "issuer",
    "issuer.id",
    "issuer.type",
    "validFrom",
    "name",
    "credentialSubject",
    "credentialSubject.type",
    "credentialSubject.achievement",
    "credentialSubject.achievement.id",
    "credentialSubject.achievement.type",
    "credentialSubject.achievement.name",
    "credentialSubject.achievement.description",
    "credentialSubject.achievement.criteria",
    "credentialSubject.achievement.criteria.narrative",
]


@pytest.fixture(autouse=True)
def _badge_key(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.ESSOR_BADGE_KEY = ""
    settings.ESSOR_BADGE_KEY_FILE = ""
    settings.ESSOR_BADGE_DEV_KEY = True
    settings.ESSOR_BASE_URL = "https://essor.example"


@pytest.fixture
def certificate(personas):
    return make_certificate(personas["enrolment"], by=personas["coordination"])


def _lookup(data, path):
    for part in path.split("."):
        assert isinstance(data, dict) and part in data, f"champ manquant : {path}"
        data = data[part]
    return data


def test_credential_has_every_ob3_required_field(certificate):
    credential = badges.build_credential(certificate)
    for path in OB3_REQUIRED:
        assert _lookup(credential, path) not in (None, "", [], {}), path
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "https://essor.example/badges/issuer"
    assert "Profile" in credential["issuer"]["type"]
    assert credential["credentialSubject"]["type"] == ["AchievementSubject"]
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["id"] == "https://essor.example/badges/achievements/CS26"
    assert achievement["achievementType"] == "Certificate"
    assert "intégralité des modules" in achievement["criteria"]["narrative"]
    assert credential["credentialStatus"] == {
        "id": "https://essor.example/badges/revocations#CS26-2025-0001",
        "type": "1EdTechRevocationList",
    }
    assert credential["id"].startswith("urn:uuid:")
    # Stable for a certificate; the e-mail is never in clear.
    assert badges.build_credential(certificate)["id"] == credential["id"]
    text = json.dumps(credential)
    assert certificate.enrolment.user.email not in text
    emails = [
        i
        for i in credential["credentialSubject"]["identifier"]
        if i["identityType"] == "emailAddress"
    ]
    assert (
        emails and emails[0]["hashed"] is True and emails[0]["identityHash"].startswith("sha256$")
    )


def test_jwt_verifies_with_the_published_jwks(certificate, client):
    credential = badges.build_credential(certificate)
    token = badges.sign_credential(credential)
    published = client.get("/badges/jwks.json")
    assert published.status_code == 200
    data = published.json()
    assert all("d" not in key for key in data["keys"])  # the public key only
    keyset = jwk.JWKSet.from_json(json.dumps(data))
    parsed = jws.JWS()
    parsed.deserialize(token)
    assert parsed.jose_header["alg"] == "EdDSA"
    assert parsed.jose_header["typ"] == "JWT"
    parsed.verify(keyset.get_key(parsed.jose_header["kid"]))
    claims = json.loads(parsed.payload)
    assert claims["vc"] == credential
    assert claims["jti"] == credential["id"]
    assert claims["iss"] == credential["issuer"]["id"]
    assert claims["sub"] and claims["iat"] >= claims["nbf"]
    result = badges.verify_credential(token)
    assert result.valid, result.errors
    assert result.certificate == certificate


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["name"] = "Autre chose"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_tampered_jwt_is_rejected(certificate):
    token = badges.sign_credential(badges.build_credential(certificate))
    result = badges.verify_credential(_tamper(token))
    assert not result.valid
    assert "Signature invalide" in result.errors[0]
    # One character of the payload changed.
    header, payload, signature = token.split(".")
    flipped = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    assert not badges.verify_credential(f"{header}.{flipped}.{signature}").valid
    assert not badges.verify_credential("pas un badge").valid


def test_jwt_signed_with_another_key_is_rejected(certificate):
    other = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    claims = json.dumps({"vc": badges.build_credential(certificate)})
    for kid in (other.thumbprint(), keys.key_id()):
        token = jws.JWS(claims.encode())
        token.add_signature(
            other, alg="EdDSA", protected=json.dumps({"alg": "EdDSA", "typ": "JWT", "kid": kid})
        )
        result = badges.verify_credential(token.serialize(compact=True))
        assert not result.valid


def test_revoked_and_superseded_are_reported(certificate, personas, client):
    token = badges.sign_credential(badges.build_credential(certificate))
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = clock.now()
    certificate.revocation_reason = "Fraude constatée sur la note de M. Untel"
    certificate.save()
    result = badges.verify_credential(token)
    assert not result.valid
    assert any("révoqué" in e for e in result.errors)
    listing = client.get("/badges/revocations").json()
    assert listing["revokedCredentials"][0]["id"] == badges.credential_id(certificate.number)
    assert listing["revokedCredentials"][0]["status"] == "revoked"
    assert "Untel" not in json.dumps(listing)  # no reason in words in the public list

    newer = make_certificate(
        personas["enrolment"], by=personas["coordination"], number="CS26-2025-0002"
    )
    certificate.status = CertificateStatus.SUPERSEDED
    certificate.superseded_by = newer
    certificate.save()
    result = badges.verify_credential(token)
    assert any("CS26-2025-0002" in e for e in result.errors)


def test_future_and_expired_dates_are_rejected(certificate):
    future = badges.build_credential(certificate)
    future["validFrom"] = "2999-01-01T00:00:00Z"
    assert any(
        "pas encore valide" in e
        for e in badges.verify_credential(badges.sign_credential(future)).errors
    )
    expired = badges.build_credential(certificate)
    expired["validUntil"] = "2000-01-01T00:00:00Z"
    assert any(
        "expiré" in e for e in badges.verify_credential(badges.sign_credential(expired)).errors
    )


def test_missing_fields_and_subject_are_reported(certificate):
    credential = badges.build_credential(certificate)
    del credential["credentialSubject"]["identifier"]
    del credential["credentialSubject"]["achievement"]["criteria"]
    errors = badges.verify_credential(badges.sign_credential(credential)).errors
    assert any("titulaire" in e for e in errors)
    assert any("credentialSubject.achievement.criteria" in e for e in errors)


def test_dev_key_generated_once_and_reused(settings, tmp_path):
    keys._cache.clear()
    first = keys.public_jwk()
    path = tmp_path / "var" / "badge-key.json"
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keys._cache.clear()
    assert keys.public_jwk() == first
    assert first["crv"] == "Ed25519" and "d" not in first


def test_key_from_environment_and_production_without_key(settings, tmp_path):
    key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    settings.ESSOR_BADGE_KEY = key.export_private()
    assert keys.key_id() == key.thumbprint()
    pem = tmp_path / "key.pem"
    pem.write_bytes(key.export_to_pem(private_key=True, password=None))
    settings.ESSOR_BADGE_KEY = ""
    settings.ESSOR_BADGE_KEY_FILE = str(pem)
    assert keys.key_id() == key.thumbprint()
    settings.ESSOR_BADGE_KEY_FILE = ""
    settings.ESSOR_BADGE_DEV_KEY = False
    settings.VAR_DIR = tmp_path / "prod"
    with pytest.raises(ImproperlyConfigured, match="ESSOR_BADGE_KEY"):
        keys.signing_key()
    assert not (tmp_path / "prod" / "badge-key.json").exists()


def test_public_documents(client, cs26):
    profile = client.get("/badges/issuer").json()
    assert profile["type"] == ["Profile"] and profile["name"] == "Cnam — Essor"
    achievement = client.get("/badges/achievements/CS26").json()
    assert achievement["type"] == ["Achievement"] and achievement["criteria"]["narrative"]
    assert client.get("/badges/achievements/NOPE").status_code == 404


def test_verifier_page(certificate, client):
    token = badges.sign_credential(badges.build_credential(certificate))
    page = client.post("/badges/verify/", {"token": token})
    assert page.status_code == 200
    assert "Badge valide" in page.content.decode()
    assert certificate.holder_name in page.content.decode()
    page = client.post("/badges/verify/", {"token": _tamper(token)})
    assert "Badge non valide" in page.content.decode()
    assert client.post("/badges/verify/", {"token": ""}).status_code == 400


def test_holder_downloads_stored_credential(certificate, personas, client):
    assert certificate.credential_jwt == ""
    client.force_login(personas["auditeur"])
    response = client.get(f"/certificates/{certificate.number}/credential.jwt")
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.credential_jwt == response.content.decode()
    assert badges.verify_credential(certificate.credential_jwt).valid
    data = client.get(f"/certificates/{certificate.number}/credential.json").json()
    assert data == certificate.credential_json
    # The stored one is served, not a rebuilt one.
    certificate.credential_json = {**data, "name": "Tel qu'émis"}
    certificate.save()
    assert client.get(f"/certificates/{certificate.number}/credential.json").json()["name"] == (
        "Tel qu'émis"
    )
    client.force_login(personas["auditeur2"])
    assert client.get(f"/certificates/{certificate.number}/credential.json").status_code == 404
    client.force_login(personas["coordination"])
    assert client.get(f"/certificates/{certificate.number}/credential.jwt").status_code == 200
