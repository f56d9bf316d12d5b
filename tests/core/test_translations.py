"""The English catalogue is complete and the compiled file matches its source."""

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "essor" / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def catalog(mo_path: Path) -> dict:
    with mo_path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def po_entries(text: str) -> list[dict]:
    """The .po entries as {"flags", "msgid", "msgstr": [...]}, continuation lines joined."""
    entries = []
    for block in text.split("\n\n"):
        entry = {"flags": "", "msgid": None, "msgstr": []}
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif line.startswith("msgid "):
                entry["msgid"] = line[6:].strip()[1:-1]
                current = "msgid"
            elif line.startswith("msgid_plural"):
                current = None
            elif line.startswith("msgstr"):
                entry["msgstr"].append(line.split(" ", 1)[1].strip()[1:-1])
                current = "msgstr"
            elif line.startswith('"') and current == "msgid":
                entry["msgid"] += line[1:-1]
            elif line.startswith('"') and current == "msgstr":
                entry["msgstr"][-1] += line[1:-1]
        if entry["msgid"]:  # the header has an empty msgid
            entries.append(entry)
    return entries


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = po_entries(PO.read_text(encoding="utf-8"))
    assert len(entries) > 100
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in entries if not all(e["msgstr"])]
    assert not fuzzy, f"fuzzy entries: {fuzzy[:5]}"
    assert not empty, f"untranslated entries: {empty[:5]}"


def test_compiled_catalogue_matches_its_source(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt (gettext) is required in CI")
        pytest.skip("gettext absent : installez le paquet Debian gettext pour ce test")
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(PO)], check=True)
    assert catalog(MO) == catalog(fresh), "run: cd essor && ../manage.py compilemessages"


def test_english_is_served_from_the_catalogue():
    translations = catalog(MO)
    assert translations["Programmes"] == "Programmes"
    assert translations["Aller au contenu"] == "Skip to content"
