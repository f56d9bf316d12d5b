"""Forms of the problem statement and note pages: they clean input; the rules live in
note_services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FeedbackStatus, NoteDecision, ProblemStatementOrigin
from .note_services import GRID_CRITERIA, MAX_PROBLEM_CHARS

TUTORING_CHOICES = [("", _("—")), (9, _("Module 9")), (11, _("Module 11")), (13, _("Module 13"))]
SCORE_CHOICES = [
    (0, _("0 — absent")),
    (1, _("1 — insuffisant")),
    (2, _("2 — à consolider")),
    (3, _("3 — satisfaisant")),
    (4, _("4 — très bien")),
]


class ProblemStatementForm(forms.Form):
    text = forms.CharField(
        label=_("Problématique"),
        max_length=MAX_PROBLEM_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("La problématique est vide."),
            "max_length": _("La problématique dépasse %(limit_value)s caractères."),
        },
    )
    origin = forms.ChoiceField(
        label=_("Origine de cette version"),
        choices=ProblemStatementOrigin.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez l'origine de cette version.")},
    )
    tutoring_module = forms.TypedChoiceField(
        label=_("Journée de tutorat"),
        choices=TUTORING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("origin") == ProblemStatementOrigin.TUTORING and not data.get(
            "tutoring_module"
        ):
            self.add_error(
                "tutoring_module", _("Indiquez la journée de tutorat (module 9, 11 ou 13).")
            )
        return data


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Votre commentaire"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Le commentaire est vide.")},
    )


class NoteUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier de la note (PDF, DOCX ou ODT)"),
        error_messages={
            "required": _("Choisissez un fichier à téléverser."),
            "empty": _("Le fichier est vide."),
        },
    )
    is_final = forms.BooleanField(
        label=_("C'est ma version finale (elle vaut remise de la note)"), required=False
    )


class NoteSettingsForm(forms.Form):
    final_deadline = forms.DateTimeField(
        label=_("Date limite de remise de la note finale"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("Indiquez la date limite."),
            "invalid": _("Indiquez une date et une heure valides."),
        },
    )
    target_pages = forms.IntegerField(
        label=_("Nombre de pages attendu"),
        min_value=1,
        max_value=200,
        initial=20,
        error_messages={
            "required": _("Indiquez le nombre de pages attendu."),
            "invalid": _("Indiquez un nombre entier de pages."),
            "min_value": _("Au moins 1 page."),
            "max_value": _("Au plus 200 pages."),
        },
    )


class FeedbackForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire général"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Le commentaire général est obligatoire.")},
    )
    status = forms.ChoiceField(
        label=_("Appréciation"),
        choices=FeedbackStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une appréciation.")},
    )
    annotated_file = forms.FileField(
        label=_("Fichier annoté (facultatif : PDF, DOCX ou ODT)"),
        required=False,
        error_messages={"empty": _("Le fichier est vide.")},
    )


class AssessmentForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=NoteDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une décision.")},
    )
    reasons = forms.CharField(
        label=_("Motifs"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Les motifs de la décision sont obligatoires.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in GRID_CRITERIA:
            self.fields[f"grid_{key}"] = forms.TypedChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Notez ce critère de 0 à 4.")},
            )

    def grid_fields(self):
        return [self[f"grid_{key}"] for key, _label in GRID_CRITERIA]

    def grid(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"grid_{key}"] for key, _label in GRID_CRITERIA}
