"""Forms of the pages around the workbook: comments, reference parameters, erasure."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

YEAR_MIN, YEAR_MAX = 2000, 2100


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Votre commentaire"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": _("Le commentaire est vide."),
            "max_length": _("Le commentaire dépasse %(limit_value)d caractères."),
        },
    )


def _french_decimal(raw: str) -> str:
    return (raw or "").strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")


class FrenchDecimalField(forms.DecimalField):
    """Accepts « 11,88 » as well as « 11.88 » (a text input: a number input refuses the
    French comma)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = _french_decimal(value).replace(",", ".")
        return super().to_python(value)


class ParameterForm(forms.Form):
    """Edit the value and source of one parameter row."""

    value = FrenchDecimalField(
        label=_("Valeur"),
        max_digits=16,
        decimal_places=6,
        error_messages={
            "required": _("Indiquez une valeur."),
            "invalid": _("Indiquez un nombre (par exemple 11,88)."),
            "max_digits": _("Ce nombre a trop de chiffres."),
            "max_decimal_places": _("Six décimales au plus."),
            "max_whole_digits": _("Ce nombre est trop grand."),
        },
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=400,
        error_messages={
            "required": _("Indiquez la source de cette valeur."),
            "max_length": _("La source dépasse %(limit_value)d caractères."),
        },
    )

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value <= Decimal(0):
            raise forms.ValidationError(_("La valeur doit être strictement positive."))
        return value


class NewYearForm(ParameterForm):
    """Add the value of a parameter for a new year."""

    year = forms.IntegerField(
        label=_("Année"),
        error_messages={
            "required": _("Indiquez l'année."),
            "invalid": _("Indiquez une année sur quatre chiffres."),
        },
    )

    field_order = ["year", "value", "source"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise forms.ValidationError(
                _("L'année doit être comprise entre %(min)s et %(max)s.")
                % {"min": YEAR_MIN, "max": YEAR_MAX}
            )
        return year


class EraseAllForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme : effacer tous les entretiens et tous les pseudonymes de bénévoles."),
        error_messages={"required": _("Cochez la case pour confirmer l'effacement.")},
    )
