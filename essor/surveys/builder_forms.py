"""Forms of the questionnaire builder: settings, and one question (options one per line)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question, QuestionKind, Questionnaire


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = [
            "title",
            "intro",
            "moment",
            "audience",
            "anonymous",
            "follow_up_months",
            "open_days",
            "reminder_days",
            "max_reminders",
            "active",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "anonymous": _(
                "Aucune réponse n'est rattachée à son auteur·rice ; les résultats ne "
                "s'affichent qu'à partir de cinq réponses."
            ),
            "follow_up_months": _("Pour un questionnaire à froid : de 3 à 6 mois en général."),
        }


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    help_text = forms.CharField(label=_("Précision (facultatif)"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False, initial=True)
    options = forms.CharField(
        label=_("Options (une par ligne, questions à choix seulement)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    scale_low = forms.CharField(label=_("Libellé du 1 (échelle)"), max_length=80, required=False)
    scale_high = forms.CharField(label=_("Libellé du 5 (échelle)"), max_length=80, required=False)
    key = forms.SlugField(
        label=_("Clé de comparaison (facultatif)"),
        max_length=40,
        required=False,
        help_text=_("Même clé dans deux questionnaires = même question, comparée entre eux."),
    )

    @classmethod
    def for_question(cls, question: Question, *, data=None):
        initial = {
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "options": "\n".join(question.choices),
            "scale_low": question.scale_low,
            "scale_high": question.scale_high,
            "key": question.key,
        }
        return cls(data=data, initial=initial, prefix=f"q{question.pk}")

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "help_text": data["help_text"],
            "required": data["required"],
            "choices": data["options"].splitlines(),
            "scale_low": data["scale_low"],
            "scale_high": data["scale_high"],
            "key": data["key"],
        }
