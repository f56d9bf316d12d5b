"""SIREN numbers: 9 digits whose Luhn checksum is a multiple of 10 (INSEE's key).

People type them with spaces (« 552 100 554 ») or dots: those are stripped, nothing else.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s.\u00a0\u202f-]")


def luhn_ok(digits: str) -> bool:
    total = 0
    # From the right, every second digit is doubled (and 9 taken off when above 9).
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def clean_siren(value: str) -> str:
    """The 9 digits of `value`, "" for an empty value; ValidationError (French) otherwise."""
    digits = _SEPARATORS.sub("", value or "")
    if not digits:
        return ""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        raise ValidationError(_("Le SIREN doit comporter 9 chiffres."), code="siren_format")
    if not luhn_ok(digits):
        raise ValidationError(
            _("Ce SIREN n'est pas valide (clé de contrôle)."), code="siren_checksum"
        )
    return digits
