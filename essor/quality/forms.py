"""Forms of the bilan, the improvement actions and the complaints log. They check the
shape of the input; the rules live in services.py, whose DomainError the views place on
the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from essor.cohorts.forms import AccessibleErrorsMixin

from .bilan import owner_choices
from .models import ActionStatus, Bilan, Complaint, ImprovementAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BilanForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Bilan
        fields = ["held_on", "attendees", "summary", "partners_feedback", "speakers_feedback"]
        widgets = {
            "held_on": DATE,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 6}),
            "partners_feedback": forms.Textarea(attrs={"rows": 4}),
            "speakers_feedback": forms.Textarea(attrs={"rows": 4}),
        }


class HighlightForm(forms.Form):
    answer = forms.UUIDField()
    text = forms.CharField(
        label=_("Extrait"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["title", "description", "source", "owner", "due_on"]
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(cohort)
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username


class ActionUpdateForm(AccessibleErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("État"), choices=ActionStatus.choices)
    outcome = forms.CharField(
        label=_("Réalisation et effet constaté"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour une action réalisée."),
    )
    done_on = forms.DateField(label=_("Réalisée le"), required=False, widget=DATE)


class ComplaintForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Complaint
        fields = [
            "received_on",
            "channel",
            "complainant_role",
            "complainant_name",
            "subject",
            "description",
        ]
        widgets = {"received_on": DATE, "description": forms.Textarea(attrs={"rows": 4})}


class ComplaintAnswerForm(AccessibleErrorsMixin, forms.Form):
    response = forms.CharField(
        label=_("Réponse apportée"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    responded_on = forms.DateField(label=_("Répondu le"), required=False, widget=DATE)
    closed_on = forms.DateField(
        label=_("Close le"),
        required=False,
        widget=DATE,
        help_text=_("Une réclamation close doit avoir reçu une réponse."),
    )
    action = forms.ModelChoiceField(
        label=_("Action d'amélioration liée"),
        queryset=ImprovementAction.objects.none(),
        required=False,
    )

    def __init__(self, *args, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actions is not None:
            self.fields["action"].queryset = actions
