"""Numbers written the French way, whatever the server's locale: « 1 234,50 € », « 12,3 % ».

One set of rules for every page, PDF, chart and export:

- a comma before the decimals, rounded half up (as one rounds by hand, not to even);
- thousands grouped with a narrow no-break space (U+202F), as French typography and
  CLDR's `fr` data write them;
- a no-break space (U+00A0) before a unit (€, %), so a figure never ends a line without it;
- « — » for an unknown value (None or an empty string).

Django's own `number_format` (French interface) groups thousands the same way: see
`essor/core/locale_formats/fr/formats.py`.
"""

from decimal import ROUND_HALF_UP, Decimal

NNBSP = "\u202f"
NBSP = "\u00a0"
DASH = "—"


def _unknown(value) -> bool:
    return value is None or value == ""


def _group(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return NNBSP.join(groups)


def french_number(value, places: int = 0) -> str:
    """« 1 234 », « 1 234,50 » with `places` decimals; « — » when unknown."""
    if _unknown(value):
        return DASH
    # Through str(): a float is read as it prints (0.1, not its binary expansion).
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):.{places}f}".partition(".")
    return sign + _group(whole) + ("," + fraction if fraction else "")


def french_money(value, places: int = 2) -> str:
    """« 1 234,50 € »; « — » when unknown."""
    return DASH if _unknown(value) else f"{french_number(value, places)}{NBSP}€"


def french_percent(share, places: int = 1) -> str:
    """A share (0.123) as « 12,3 % »; « — » when unknown."""
    if _unknown(share):
        return DASH
    return f"{french_number(Decimal(str(share)) * 100, places)}{NBSP}%"


def french_rate(value, places: int = 1) -> str:
    """A percentage already from 0 to 100 (41.7) as « 41,7 % »; « — » when unknown."""
    return DASH if _unknown(value) else f"{french_number(value, places)}{NBSP}%"


def french_plain(value) -> str:
    """As many decimals as the value has, no trailing zeros: 11.880000 → « 11,88 »,
    1607 → « 1 607 », 0.052 → « 0,052 »; « — » when unknown."""
    if _unknown(value):
        return DASH
    number = Decimal(str(value)).normalize()
    return french_number(number, max(0, -number.as_tuple().exponent))
