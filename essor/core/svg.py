"""Charts drawn on the server as SVG: no JavaScript, no library.

Each chart is a `Chart`: a title, the SVG (role="img", <title>, <desc>, a viewBox), and a
data table (headers, rows) holding the same figures as the picture, for screen readers,
print and anyone who would rather read. Used by the workbook, foresight, survey and
bilan charts.

Every text that comes from the user goes through `escape()` before it enters the SVG, so
a name like `<script>` or `&` stays text.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"
# Browsers take Arial or Helvetica; typst (system fonts ignored) its embedded Libertinus.
FONT = "Arial, Helvetica, Libertinus Serif, sans-serif"


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list[str]]
    empty: bool
    # What the page says instead of an empty picture.
    empty_text: str = ""

    def pdf_entry(self, file_name: str) -> tuple[dict, dict[str, bytes]]:
        """The chart for a typst template: its data table, and the SVG as a file named
        `file_name` (no file when there is nothing to draw)."""
        entry = {
            "title": self.title,
            "file": "" if self.empty else file_name,
            "empty": self.empty_text,
            "headers": self.headers,
            "rows": self.rows,
        }
        files = {} if self.empty else {file_name: str(self.svg).encode("utf-8")}
        return entry, files


def truncate(text: str, length: int) -> str:
    """`text` on one line, cut to `length` characters with « … »."""
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# --- SVG helpers ----------------------------------------------------------------------------


def coord(value: float) -> str:
    """A coordinate with at most one decimal: « 12 », « 12.5 »."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg_text(x, y, content: str, *, size: int = 12, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{coord(x)}" y="{coord(y)}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="#000"{extra}>{escape(content)}</text>'
    )


def svg_document(
    name: str,
    width: int,
    height: int,
    title: str,
    desc: str,
    body: list[str],
    *,
    family: str = "",
) -> SafeString:
    """The <svg> element. `family` ("foresight") prefixes the ids and adds its own class,
    so two charts of the same name from two families can share a page."""
    ident = f"{family}-chart-{name}" if family else f"chart-{name}"
    css = f"workbook-chart__svg {family}-chart__svg" if family else "workbook-chart__svg"
    # Every user text in `body` went through escape() (see svg_text and the <title>s).
    return mark_safe(  # noqa: S308
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'class="{css}" font-family="{FONT}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def empty_chart(title: str, headers: list[str], text: str) -> Chart:
    return Chart(title, SafeString(""), headers, [], True, text)
