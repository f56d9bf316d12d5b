"""Template filters of the statement pages."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.template.defaultfilters import filesizeformat

from essor.core.formats import french_time

from ..text import estimate_pdf, estimate_words, render_markdown

register = template.Library()


@register.filter
def clock_time(value: datetime | None, tz_name: str = "Europe/Paris") -> str:
    """« 14 h 30 » in the cohort's zone."""
    if value is None:
        return ""
    return french_time(value.astimezone(ZoneInfo(tz_name)).time())


@register.filter
def markdown(body: str, below: int = 1):
    """`body|markdown:2`: the statement's HTML, its headings below the page's h2."""
    return render_markdown(body, below=int(below))


@register.filter
def version_size(version) -> str:
    """« 640 mots », « 640 mots · PDF, 2 pages, 48,2 Ko » for the history table."""
    parts = []
    if version.body.strip():
        parts.append(estimate_words(version.words).words_text)
    if version.file:
        label = version.file_kind.upper()
        if version.file_pages:
            label += ", " + estimate_pdf(version.file_pages).pages_text
        if version.file_size:
            label += ", " + filesizeformat(version.file_size)
        parts.append(label)
    return " · ".join(parts) or "—"


@register.filter
def get_item(mapping: dict, key):
    """`typed|get_item:pk`: a dict value by a key that is a variable."""
    return mapping.get(key, "")
