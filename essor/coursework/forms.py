"""Forms of the statement pages: they clean input; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .schedule import DEFAULT_OPENING_MINUTES


class StatementTextForm(forms.Form):
    # Not required: an empty text is a valid draft (the file may carry the statement).
    body = forms.CharField(
        label=_("Texte de la note (Markdown)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 22}),
    )


class StatementFileForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier de la note (PDF, DOCX ou ODT)"),
        error_messages={
            "required": _("Choisissez un fichier à téléverser."),
            "empty": _("Le fichier est vide."),
        },
    )


class SharingForm(forms.Form):
    shared = forms.BooleanField(
        label=_("Partager ma note avec la promotion pour les présentations du module 1"),
        required=False,
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Votre commentaire"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Le commentaire est vide.")},
    )


class OpeningForm(forms.Form):
    opening = forms.IntegerField(
        label=_("Temps d'ouverture avant les présentations (minutes)"),
        min_value=0,
        max_value=240,
        initial=DEFAULT_OPENING_MINUTES,
        error_messages={
            "invalid": _("Indiquez un nombre entier de minutes."),
            "min_value": _("Le temps d'ouverture ne peut pas être négatif."),
            "max_value": _("Le temps d'ouverture ne peut pas dépasser 240 minutes."),
        },
    )

    def minutes(self) -> int:
        """The opening time asked for, or the default when the field is absent or wrong."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["opening"]
        return DEFAULT_OPENING_MINUTES
