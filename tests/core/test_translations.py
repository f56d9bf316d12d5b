"""The catalogues hold every string of the code; the English one is complete, the French
one holds French plural forms, and each compiled file matches its source."""

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.core.management.commands.update_translations import french_plurals

LOCALE = Path(__file__).resolve().parents[2] / "essor" / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
FRENCH_PO = LOCALE / "fr" / "LC_MESSAGES" / "django.po"


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


def gettext_tool(name: str) -> str:
    """The path of a GNU gettext program; required in CI, a skip elsewhere."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} (gettext) is required in CI")
        pytest.skip("gettext absent : installez le paquet Debian gettext pour ce test")
    return path


@pytest.mark.parametrize("po", [PO, FRENCH_PO], ids=["en", "fr"])
def test_compiled_catalogue_matches_its_source(tmp_path, po):
    fresh = tmp_path / "django.mo"
    subprocess.run([gettext_tool("msgfmt"), "--check", "-o", str(fresh), str(po)], check=True)
    assert catalog(po.with_suffix(".mo")) == catalog(fresh), (
        "run: .venv/bin/python manage.py update_translations"
    )


def test_english_is_served_from_the_catalogue():
    translations = catalog(MO)
    assert translations["Programmes"] == "Programmes"
    assert translations["Aller au contenu"] == "Skip to content"


def test_the_french_plural_catalogue_is_written_from_the_english_one():
    english = PO.read_text(encoding="utf-8")
    assert FRENCH_PO.read_text(encoding="utf-8") == french_plurals(english), (
        "run: .venv/bin/python manage.py update_translations"
    )
    entries = po_entries(FRENCH_PO.read_text(encoding="utf-8"))
    assert len(entries) == english.count("\nmsgid_plural ") > 50
    # Each French form is the source text: French needs no translation, only its rule.
    for entry in entries:
        assert entry["msgstr"][0] == entry["msgid"]


def test_zero_takes_the_singular_in_french_and_the_plural_in_english():
    singular, plural = "%(count)s certificat délivré", "%(count)s certificats délivrés"
    with translation.override("fr"):
        said = [ngettext(singular, plural, n) % {"count": n} for n in (0, 1, 2)]
        # Django's own French strings are still there beside Essor's plural forms.
        assert _("This field is required.") == "Ce champ est obligatoire."
    assert said == ["0 certificat délivré", "1 certificat délivré", "2 certificats délivrés"]
    with translation.override("en"):
        said = [ngettext(singular, plural, n) % {"count": n} for n in (0, 1, 2)]
    assert said == ["0 certificates issued", "1 certificate issued", "2 certificates issued"]


def _without_date(po: Path) -> list[str]:
    # The only line makemessages may change when nothing else did.
    text = po.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if "POT-Creation-Date" not in line]


def test_the_catalogues_are_up_to_date_with_the_code(tmp_path, settings):
    """update_translations, run on a copy of the package, finds nothing new: every
    interface string of the code is in the catalogues as committed, compiled."""
    gettext_tool("xgettext")  # what makemessages runs
    package = tmp_path / "essor"
    shutil.copytree(LOCALE.parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    settings.LOCALE_PATHS = [package / "locale"]
    here = Path.cwd()
    call_command("update_translations", verbosity=0)
    assert Path.cwd() == here
    for committed in (PO, FRENCH_PO):
        fresh = package / committed.relative_to(LOCALE.parent)
        assert _without_date(fresh) == _without_date(committed), (
            "run: .venv/bin/python manage.py update_translations (and translate what it adds)"
        )
        assert catalog(fresh.with_suffix(".mo")) == catalog(committed.with_suffix(".mo"))
