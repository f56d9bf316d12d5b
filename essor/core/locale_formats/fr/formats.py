"""French formats: Django's, with thousands grouped by a narrow no-break space (U+202F),
as French typography and CLDR write them and as `essor.core.numbers` does, so a figure
looks the same whether a template, a form message or a PDF wrote it."""

from django.conf.locale.fr.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\u202f"
