"""Forms of the tutoring days and the oral presentations: they clean input; the rules
live in the services."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .note_services import GRID_CRITERIA
from .tutoring import DEFAULT_GROUP_MINUTES, DEFAULT_INDIVIDUAL_MINUTES
from .tutoring_selectors import DIAGNOSTIC_SECTIONS


def _minutes_field(label, initial, *, min_value):
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=480,
        initial=initial,
        error_messages={
            "required": _("Indiquez une durée en minutes."),
            "invalid": _("Indiquez un nombre entier de minutes."),
            # The limit is 5 or 0 depending on the field: the plural follows the number.
            "min_value": ngettext_lazy(
                "La durée doit être d'au moins %(limit_value)s minute.",
                "La durée doit être d'au moins %(limit_value)s minutes.",
                "limit_value",
            ),
            "max_value": _("La durée ne peut pas dépasser %(limit_value)s minutes."),
        },
    )


class ScheduleForm(forms.Form):
    individual_minutes = _minutes_field(
        _("Durée d'un entretien individuel (minutes)"), DEFAULT_INDIVIDUAL_MINUTES, min_value=5
    )
    group_minutes = _minutes_field(
        _("Durée du temps collectif (minutes, 0 pour aucun)"), DEFAULT_GROUP_MINUTES, min_value=0
    )
    gap_minutes = _minutes_field(
        _("Pause du tuteur ou de la tutrice entre deux créneaux (minutes)"), 0, min_value=0
    )


_TIME_ERRORS = {
    "required": _("Indiquez une heure (par exemple 14:30)."),
    "invalid": _("Heure non valide : écrivez-la sous la forme 14:30."),
}


class SessionTimesForm(forms.Form):
    start = forms.TimeField(
        label=_("Début"),
        error_messages=_TIME_ERRORS,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    end = forms.TimeField(
        label=_("Fin"), error_messages=_TIME_ERRORS, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("L'heure de fin doit suivre l'heure de début."))
        return cleaned


class TutoringRecordForm(forms.Form):
    problem_statement_defined = forms.BooleanField(label=_("Problématique définie"), required=False)
    outline_done = forms.BooleanField(label=_("Plan établi"), required=False)
    draft_percent = forms.IntegerField(
        label=_("Avancement de la rédaction (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        error_messages={
            "required": _("Indiquez l'avancement de la rédaction, de 0 à 100."),
            "invalid": _("L'avancement est un nombre entier entre 0 et 100."),
            "min_value": _("L'avancement ne peut pas être négatif."),
            "max_value": _("L'avancement ne peut pas dépasser %(limit_value)s %%."),
        },
    )
    diagnostic_sections_done = forms.MultipleChoiceField(
        label=_("Sections du diagnostic terminées"),
        choices=DIAGNOSTIC_SECTIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Section du diagnostic inconnue.")},
    )
    notes = forms.CharField(
        label=_("Notes de la séance"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": _("Les notes dépassent %(limit_value)s caractères.")},
    )


class NextStepForm(forms.Form):
    text = forms.CharField(
        label=_("Étape"),
        required=False,
        max_length=500,
        error_messages={"max_length": _("Au plus %(limit_value)s caractères.")},
    )
    due = forms.DateField(
        label=_("Échéance"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Date non valide : écrivez-la sous la forme 2025-04-15.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("due") and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Décrivez l'étape attendue à cette date."))
        return cleaned


# Rows of the « prochaines étapes » table: the saved ones plus three empty ones.
NextStepFormSet = forms.formset_factory(NextStepForm, extra=3, max_num=20, absolute_max=20)


# --- Oral presentations ------------------------------------------------------------------

# The same five criteria as the note's assessment grid, scored 0 to 4.
# The oral grid is the note's grid: the same five criteria, scored during the presentation.
ORAL_CRITERIA = tuple((key, capfirst(label)) for key, label in GRID_CRITERIA)
SCORE_CHOICES = [("", _("— non noté —"))] + [(str(i), str(i)) for i in range(5)]


class OralGridForm(forms.Form):
    feedback = forms.CharField(
        label=_("Retours méthodologiques"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"max_length": _("Les retours dépassent %(limit_value)s caractères.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {
            key: forms.TypedChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": _("Choisissez une note de 0 à 4.")},
            )
            for key, label in ORAL_CRITERIA
        }
        # The criteria first, then the feedback.
        self.fields = {**fields, "feedback": self.fields["feedback"]}

    def grid(self) -> dict:
        return {
            key: self.cleaned_data[key]
            for key, _label in ORAL_CRITERIA
            if self.cleaned_data.get(key) is not None
        }
