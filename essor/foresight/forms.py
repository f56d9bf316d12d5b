"""Small forms of the foresight pages (the editor's grids are read by grids.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .grids import MAX_BYTES
from .models import Tool


class CreateStudyForm(forms.Form):
    tool = forms.ChoiceField(
        label=_("Outil"),
        choices=Tool.choices,
        error_messages={
            "required": _("Choisissez un outil."),
            "invalid_choice": _("Choisissez un outil."),
        },
    )
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=200,
        error_messages={
            "required": _("Donnez un intitulé à l'étude."),
            "max_length": _("L'intitulé dépasse 200 caractères."),
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("1 Mo au plus ; le format est décrit plus bas."),
        error_messages={
            "required": _("Choisissez un fichier CSV ou XLSX."),
            "empty": _("Le fichier est vide."),
            "invalid": _("Choisissez un fichier CSV ou XLSX."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 1 Mo."))
        return upload


class VariablesForm(forms.Form):
    variables = forms.BooleanField(label=_("Les variables clés (section F)"), required=False)
    issues = forms.BooleanField(label=_("Les enjeux clés du SWOT (section E)"), required=False)
