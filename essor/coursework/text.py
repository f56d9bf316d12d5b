"""The statement's text: Markdown rendered safely, and its length against « 1 à 2 pages ».

Participants type Markdown, never HTML: raw HTML is escaped (not passed through), so a
statement shown to the tutor or the cohort cannot carry a script. markdown-it also
refuses `javascript:` links by itself.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markdown_it import MarkdownIt

# A page of a typed statement, in words (12 pt, single spacing): the usual rule of thumb.
WORDS_PER_PAGE = 500
# The programme asks for 1 to 2 pages.
MIN_PAGES, MAX_PAGES = Decimal(1), Decimal(2)

_markdown = MarkdownIt("commonmark", {"html": False})
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def render_markdown(body: str, *, below: int = 1) -> SafeString:
    """HTML of the statement. Its headings are pushed below the page's heading of level
    `below` (« # Titre » under an h2 becomes an h3), so the page's outline stays in order."""
    tokens = _markdown.parse(body or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + below, 6)}"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return mark_safe(html)  # noqa: S308 — html disabled: the participant's input is escaped


def count_words(body: str) -> int:
    """Words, not Markdown signs: `## Titre` and `**gras**` count one word each."""
    return len(_WORD.findall(body or ""))


@dataclass(frozen=True)
class LengthEstimate:
    words: int | None
    pages: Decimal  # one decimal
    exact: bool  # pages counted in a PDF, not estimated from words
    verdict: str  # "short", "ok", "long", "empty"

    @property
    def pages_text(self) -> str:
        """« environ 1,3 page », « 2 pages » (a PDF's count is exact, not « environ »)."""
        shown = number_format(self.pages, decimal_pos=0 if self.pages % 1 == 0 else 1)
        # French keeps the singular below 2 (« 1,5 page »); English plurals above 1.
        count = 1 if self.pages < 2 else 2
        if self.exact:
            return ngettext("%(pages)s page", "%(pages)s pages", count) % {"pages": shown}
        return ngettext("environ %(pages)s page", "environ %(pages)s pages", count) % {
            "pages": shown
        }

    @property
    def words_text(self) -> str:
        if self.words is None:
            return ""
        return ngettext("%(count)s mot", "%(count)s mots", self.words) % {
            "count": number_format(self.words, force_grouping=True)
        }

    @property
    def verdict_text(self) -> str:
        return {
            "empty": _("Rien d'écrit pour l'instant : la note fait 1 à 2 pages."),
            "short": _("Plus court que la longueur attendue (1 à 2 pages)."),
            "ok": _("Dans la longueur attendue (1 à 2 pages)."),
            "long": _("Plus long que la longueur attendue (1 à 2 pages)."),
        }[self.verdict]


def _verdict(pages: Decimal, empty: bool) -> str:
    if empty:
        return "empty"
    if pages < MIN_PAGES:
        return "short"
    return "long" if pages > MAX_PAGES else "ok"


def estimate_words(words: int) -> LengthEstimate:
    """~500 words a page, rounded to one decimal: 650 words → « environ 1,3 page »."""
    pages = (Decimal(words) / WORDS_PER_PAGE).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if words and not pages:
        pages = Decimal("0.1")  # a few words are not « 0 page »
    return LengthEstimate(words, pages, exact=False, verdict=_verdict(pages, words == 0))


def estimate_text(body: str) -> LengthEstimate:
    return estimate_words(count_words(body))


def estimate_pdf(pages: int) -> LengthEstimate:
    return LengthEstimate(None, Decimal(pages), exact=True, verdict=_verdict(Decimal(pages), False))


def file_estimate(statement) -> LengthEstimate | None:
    """The length of an uploaded file: a PDF's pages, or a DOCX/ODT's words."""
    if statement is None or not statement.file:
        return None
    if statement.file_pages:
        return estimate_pdf(statement.file_pages)
    if statement.file_words is not None:
        return estimate_words(statement.file_words)
    return None
