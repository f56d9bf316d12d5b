"""Forms of the jury: opening it, a decision for one participant, a derogation.

Forms check the shape of the input; the rules (reasons required for « ajourné » and
« refusé », eligibility for « délivré », a jury still open) live in jury.py, whose
DomainError the view places on the matching field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from essor.cohorts.forms import AccessibleErrorsMixin

from .models import Decision, Jury


class JuryForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Jury
        fields = ["held_on", "president", "members", "signatory", "signatory_title"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "members": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "members": _("Une personne par ligne, avec sa qualité."),
            "signatory": _("La personne qui signe les certificats délivrés par ce jury."),
        }


class DecisionForm(AccessibleErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Motifs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoires pour « ajourné » et « refusé »."),
    )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision and decision != Decision.AWARDED and not data.get("reasons", "").strip():
            self.add_error("reasons", _("Motivez la décision : les motifs sont obligatoires."))
        return data


class DerogationForm(AccessibleErrorsMixin, forms.Form):
    slot = forms.TypedChoiceField(label=_("Demi-journée (absence justifiée)"), coerce=int)
    reason = forms.CharField(
        label=_("Justification de la dérogation"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, excused=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.pk: slot for slot, _label in excused}
        self.fields["slot"].choices = [(slot.pk, label) for slot, label in excused]

    def clean_slot(self):
        return self.slots[self.cleaned_data["slot"]]
