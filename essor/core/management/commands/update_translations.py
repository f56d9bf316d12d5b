"""Refresh the translation catalogues after a change of interface text.

    .venv/bin/python manage.py update_translations

1. `makemessages` for English (`essor/locale/en`): new strings appear untranslated, to
   be filled in before the tests pass again (`tests/core/test_translations.py`).
2. The French plural catalogue (`essor/locale/fr`), written from the English one. French
   is the source language, so its strings need no translation, except for one rule:
   without a French catalogue, gettext takes the singular for 1 only and writes
   « 0 certificats délivrés »; French takes the singular for 0 and 1 (`n > 1`). The
   catalogue holds every plural entry, each form equal to the source.
3. `compilemessages` for both.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

FRENCH_HEADER = """\
# Essor's French plural forms: each form is the source text (see update_translations).
msgid ""
msgstr ""
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""


def _fields(block: str) -> tuple[list[str], dict[str, list[str]]]:
    """A .po entry's comment lines, and its fields as their quoted lines, kept verbatim."""
    comments, fields, current = [], {}, None
    for line in block.splitlines():
        if line.startswith("#~"):  # an obsolete entry: not part of the catalogue
            return [], {}
        if line.startswith("#"):
            comments.append(line)
        elif line.startswith('"') and current:
            fields[current].append(line)
        else:
            current, _space, value = line.partition(" ")
            fields[current] = [value]
    return comments, fields


def french_plurals(english_po: str) -> str:
    """The French plural catalogue for the English catalogue `english_po` (its text)."""
    entries = []
    for block in english_po.split("\n\n"):
        comments, fields = _fields(block)
        if "msgid_plural" not in fields:
            continue
        flags = [line for line in comments if line.startswith("#,") and "fuzzy" not in line]
        singular, plural = fields["msgid"], fields["msgid_plural"]
        lines = [*flags]
        if "msgctxt" in fields:
            lines += ["msgctxt " + fields["msgctxt"][0], *fields["msgctxt"][1:]]
        lines += ["msgid " + singular[0], *singular[1:]]
        lines += ["msgid_plural " + plural[0], *plural[1:]]
        lines += ["msgstr[0] " + singular[0], *singular[1:]]
        lines += ["msgstr[1] " + plural[0], *plural[1:]]
        entries.append("\n".join(lines))
    return "\n\n".join([FRENCH_HEADER.rstrip("\n"), *entries]) + "\n"


class Command(BaseCommand):
    help = "Met à jour les catalogues de traduction (anglais, pluriels français) et les compile."

    def handle(self, *args, **options):
        locale = Path(settings.LOCALE_PATHS[0])
        verbosity = options["verbosity"]
        # Both commands work below the current directory: the package, not the
        # virtualenv's own catalogues.
        here = Path.cwd()
        os.chdir(locale.parent)
        try:
            call_command(
                "makemessages",
                locale=["en"],
                no_obsolete=True,
                ignore_patterns=["migrations/*"],
                verbosity=verbosity,
            )
            english = (locale / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
            french = locale / "fr" / "LC_MESSAGES" / "django.po"
            french.parent.mkdir(parents=True, exist_ok=True)
            french.write_text(french_plurals(english), encoding="utf-8")
            call_command("compilemessages", locale=["en", "fr"], verbosity=verbosity)
        finally:
            os.chdir(here)
