"""The Ed25519 key that signs Open Badges credentials.

Where it comes from, in order:
1. `ESSOR_BADGE_KEY`: the private key inline, as a JWK (JSON) or a PEM;
2. `ESSOR_BADGE_KEY_FILE`: a file holding the same;
3. in development only (`ESSOR_BADGE_DEV_KEY`, which is `DEBUG` at start-up):
   `VAR_DIR/badge-key.json`, generated on first use (mode 0600) and reused afterwards,
   so that badges issued yesterday still verify today.
In production without 1 or 2, using the key raises `ImproperlyConfigured` with the
settings to set: a key is never silently made up there (badges signed with a throwaway
key would stop verifying at the next restart).
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from jwcrypto import jwk

DEV_KEY_NAME = "badge-key.json"

_cache: dict[tuple, jwk.JWK] = {}


def _parse(text: str, origin: str) -> jwk.JWK:
    text = text.strip()
    try:
        is_json = text.startswith("{")
        key = jwk.JWK.from_json(text) if is_json else jwk.JWK.from_pem(text.encode())
    except Exception as error:  # jwcrypto raises several kinds
        raise ImproperlyConfigured(
            f"{origin} : clé de signature des badges illisible (JWK JSON ou PEM attendu)."
        ) from error
    if key.get("kty") != "OKP" or key.get("crv") != "Ed25519" or not key.has_private:
        raise ImproperlyConfigured(
            f"{origin} : une clé privée Ed25519 est attendue pour signer les badges."
        )
    return key


def _dev_key(path: Path) -> jwk.JWK:
    if path.exists():
        return _parse(path.read_text(), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    # Created with 0600 from the start: the private key is never readable by others.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key.export_private())
    return key


def signing_key() -> jwk.JWK:
    """The private signing key (cached per configuration)."""
    inline = getattr(settings, "ESSOR_BADGE_KEY", "")
    file = getattr(settings, "ESSOR_BADGE_KEY_FILE", "")
    var_dir = Path(settings.VAR_DIR)
    development = getattr(settings, "ESSOR_BADGE_DEV_KEY", settings.DEBUG)
    config = (inline, file, str(var_dir), development)
    if config in _cache:
        return _cache[config]
    if inline:
        key = _parse(inline, "ESSOR_BADGE_KEY")
    elif file:
        try:
            text = Path(file).read_text()
        except OSError as error:
            raise ImproperlyConfigured(
                f"ESSOR_BADGE_KEY_FILE={file!r} : fichier illisible ({error.strerror})."
            ) from error
        key = _parse(text, "ESSOR_BADGE_KEY_FILE")
    elif development:
        key = _dev_key(var_dir / DEV_KEY_NAME)
    else:
        raise ImproperlyConfigured(
            "Aucune clé de signature des Open Badges : définissez ESSOR_BADGE_KEY (JWK JSON "
            "ou PEM d'une clé Ed25519) ou ESSOR_BADGE_KEY_FILE (chemin du fichier)."
        )
    _cache[config] = key
    return key


def key_id() -> str:
    """The key's id: its RFC 7638 thumbprint, stable for a given key."""
    return signing_key().thumbprint()


def public_jwk() -> dict:
    public = json.loads(signing_key().export_public())
    public.update({"kid": key_id(), "alg": "EdDSA", "use": "sig"})
    return public


def public_jwks() -> dict:
    """What `/badges/jwks.json` publishes: the public key only."""
    return {"keys": [public_jwk()]}
