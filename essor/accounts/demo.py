"""The demo accounts' shared password, and whether this installation accepts it.

`seed_demo` gives every demo account this password, which is printed in the README: it
must never open a real installation. So it is refused at login unless DEBUG or
ESSOR_DEMO is on (DESIGN.md, contracts), and nobody may choose it as their own password.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEMO_PASSWORD = "essor-demo"


def demo_allowed() -> bool:
    return bool(settings.DEBUG or getattr(settings, "ESSOR_DEMO", False))


def is_demo_password(password: str | None) -> bool:
    return password == DEMO_PASSWORD


class NotTheDemoPasswordValidator:
    """A password validator (AUTH_PASSWORD_VALIDATORS): the public demo password is refused."""

    def validate(self, password, user=None):
        if is_demo_password(password):
            raise ValidationError(
                _(
                    "Ce mot de passe est celui des comptes de démonstration : "
                    "choisissez-en un autre."
                ),
                code="password_is_demo",
            )

    def get_help_text(self):
        return _("Votre mot de passe ne peut pas être celui des comptes de démonstration.")
