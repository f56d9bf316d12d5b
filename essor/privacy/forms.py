from django import forms
from django.utils.translation import gettext_lazy as _

from essor.cohorts.models import Funding

from .models import RecordKind, RetentionAction
from .schedule import LEGAL_KINDS, LEGAL_MINIMUM_MONTHS


def _funding_label(funding: str) -> str:
    return Funding(funding).label if funding in Funding.values else funding


class ErasureForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    confirm = forms.BooleanField(
        label=_(
            "Je comprends que mon compte sera anonymisé et que je ne pourrai plus me connecter."
        ),
        error_messages={"required": _("Cochez la case pour confirmer votre demande.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password"].error_messages["required"] = _("Saisissez votre mot de passe.")

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password


class ScheduleForm(forms.Form):
    """One months field and one action field per kind, one months field per funding."""

    def __init__(self, *args, rules, funders, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = []
        for rule in rules:
            label = RecordKind(rule.kind).label
            minimum = LEGAL_MINIMUM_MONTHS if rule.kind in LEGAL_KINDS else 1
            self.fields[f"months_{rule.kind}"] = forms.IntegerField(
                label=_("%(kind)s : durée (mois)") % {"kind": label},
                initial=rule.months,
                min_value=minimum,
                max_value=600,
                error_messages={
                    "min_value": _("Au moins %(limit_value)s mois pour cette catégorie."),
                    "max_value": _("Au plus %(limit_value)s mois."),
                    "required": _("Indiquez une durée en mois."),
                    "invalid": _("Indiquez un nombre entier de mois."),
                },
            )
            self.fields[f"action_{rule.kind}"] = forms.ChoiceField(
                label=_("%(kind)s : à l'échéance") % {"kind": label},
                choices=RetentionAction.choices,
                initial=rule.action,
            )
            self.kinds.append((rule, self[f"months_{rule.kind}"], self[f"action_{rule.kind}"]))
        self.funders = []
        for funder in funders:
            self.fields[f"funder_{funder.funding}"] = forms.IntegerField(
                label=_("Financement « %(funding)s » : durée (mois)")
                % {"funding": _funding_label(funder.funding)},
                initial=funder.months,
                min_value=LEGAL_MINIMUM_MONTHS,
                max_value=600,
                error_messages={
                    "min_value": _("Au moins %(limit_value)s mois (obligation légale)."),
                    "required": _("Indiquez une durée en mois."),
                    "invalid": _("Indiquez un nombre entier de mois."),
                },
            )
            self.funders.append((funder, self[f"funder_{funder.funding}"]))

    def values(self):
        data = self.cleaned_data
        months = {k.removeprefix("months_"): v for k, v in data.items() if k.startswith("months_")}
        actions = {k.removeprefix("action_"): v for k, v in data.items() if k.startswith("action_")}
        funders = {k.removeprefix("funder_"): v for k, v in data.items() if k.startswith("funder_")}
        return months, actions, funders
