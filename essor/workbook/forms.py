"""The workbook's forms: one form per section (its plain fields, exactly the keys the
computations read) and one form per kind of record.

Section data is JSON: `to_json(form)` turns cleaned data into JSON values (Decimal → str,
date → ISO, empty → None) and `initial_from(form_class, data)` turns it back into the
form's initial values.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from essor.cohorts.models import OrganisationFamily
from essor.cohorts.siren import clean_siren
from essor.core import clock

from . import models as m

# --- field helpers ------------------------------------------------------------------------

YES_NO = (("true", _("Oui")), ("false", _("Non")), ("", _("Non renseigné")))
SCORE_CHOICES = (("", "—"), ("0", "0"), ("1", "1"), ("2", "2"), ("3", "3"))


def _text(label, *, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=20000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _line(label, *, max_length=300):
    return forms.CharField(label=label, required=False, max_length=max_length)


def _int(label, *, min_value=0, max_value=10_000_000):
    return forms.IntegerField(label=label, required=False, min_value=min_value, max_value=max_value)


def _dec(label, *, min_value=Decimal("0"), max_digits=14):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=min_value,
        max_digits=max_digits,
        decimal_places=2,
        localize=True,
    )


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=YES_NO,
        coerce=lambda value: value == "true",
        empty_value=None,
        widget=forms.RadioSelect,
    )


def _score(label):
    return forms.TypedChoiceField(
        label=label, required=False, choices=SCORE_CHOICES, coerce=int, empty_value=None
    )


def _not_future(value: date | None) -> None:
    if value and value > clock.now().date():
        raise ValidationError(_("La date ne peut pas être dans le futur."), code="future")


# --- section forms ------------------------------------------------------------------------


class SectionForm(forms.Form):
    # (legend, [field names]); a legend of None = fields shown without a fieldset.
    fieldsets: tuple = ()

    def grouped(self):
        """[(legend, note, [bound fields])] for the template."""
        groups = []
        for legend, note, names in self.fieldsets:
            groups.append((legend, note, [self[name] for name in names]))
        return groups

    def display_groups(self):
        """[(legend, [(label, text)])] of the initial values, for reading (no inputs)."""
        groups = []
        for legend, _note, names in self.fieldsets:
            rows = []
            for name in names:
                field, value = self.fields[name], self.initial.get(name)
                choices = dict(getattr(field, "choices", ()) or ())
                if isinstance(value, list):
                    text = ", ".join(str(choices.get(v, v)) for v in value)
                elif choices and value is not None:
                    text = choices.get(value, choices.get(str(value), value))
                elif isinstance(field, forms.DateField) and value:
                    text = formats.date_format(date.fromisoformat(str(value)))
                elif isinstance(value, Decimal | int) and not isinstance(value, bool):
                    text = formats.localize(value, use_l10n=True)
                else:
                    text = value
                rows.append((field.label, "" if text is None else text))
            groups.append((legend, rows))
        return groups


class SectionAForm(SectionForm):
    name = _line(_("Nom de la structure"), max_length=200)
    family = forms.ChoiceField(
        label=_("Famille"),
        required=False,
        choices=[("", "—"), *OrganisationFamily.choices],
    )
    creation_date = forms.DateField(
        label=_("Date de création"),
        required=False,
        validators=[_not_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    purpose = _text(_("Objet"), rows=3)
    siren = forms.CharField(
        label=_("SIREN"), required=False, max_length=20, help_text=_("9 chiffres.")
    )
    members = _int(_("Membres (adhérents, sociétaires)"))
    employees_headcount = _int(_("Salariés (effectif)"))
    employees_fte = _dec(_("Salariés (équivalents temps plein)"), max_digits=9)
    volunteers = _int(_("Bénévoles"))
    ess_aim = _yes_no(_("Un but poursuivi autre que le seul partage des bénéfices"))
    ess_aim_evidence = _text(_("Éléments de preuve (but)"), rows=2)
    ess_governance = _yes_no(_("Une gouvernance démocratique"))
    ess_governance_evidence = _text(_("Éléments de preuve (gouvernance)"), rows=2)
    ess_reinvested = _yes_no(_("Des bénéfices majoritairement réinvestis dans l'activité"))
    ess_reinvested_evidence = _text(_("Éléments de preuve (bénéfices)"), rows=2)
    ess_reserves = _yes_no(_("Des réserves obligatoires impartageables"))
    ess_reserves_evidence = _text(_("Éléments de preuve (réserves)"), rows=2)
    utility_aims = forms.MultipleChoiceField(
        label=_("Objectifs d'utilité sociale (article 2)"),
        required=False,
        choices=(
            ("vulnerable", _("Soutien à des personnes en situation de fragilité")),
            ("social_ties", _("Lien social et cohésion territoriale")),
            ("citizenship", _("Éducation à la citoyenneté")),
            (
                "sustainable",
                _(
                    "Développement durable, transition énergétique, culture ou solidarité "
                    "internationale (lié à l'un des trois premiers)"
                ),
            ),
        ),
        widget=forms.CheckboxSelectMultiple,
    )
    utility_charges = _dec(_("Charges liées à l'utilité sociale (€)"))
    operating_charges = _dec(_("Charges d'exploitation (€)"))
    top_pay_1 = _dec(_("1re rémunération la plus élevée (€ brut annuel)"))
    top_pay_2 = _dec(_("2e rémunération la plus élevée (€ brut annuel)"))
    top_pay_3 = _dec(_("3e rémunération la plus élevée (€ brut annuel)"))
    top_pay_4 = _dec(_("4e rémunération la plus élevée (€ brut annuel)"))
    top_pay_5 = _dec(_("5e rémunération la plus élevée (€ brut annuel)"))
    highest_pay = _dec(_("Rémunération la plus élevée (€ brut annuel)"))
    ica_1 = _score(_("1. Adhésion volontaire et ouverte à tous"))
    ica_2 = _score(_("2. Pouvoir démocratique exercé par les membres"))
    ica_3 = _score(_("3. Participation économique des membres"))
    ica_4 = _score(_("4. Autonomie et indépendance"))
    ica_5 = _score(_("5. Éducation, formation et information"))
    ica_6 = _score(_("6. Coopération entre les coopératives"))
    ica_7 = _score(_("7. Engagement envers la communauté"))
    ica_evidence = _text(_("Éléments de preuve (principes coopératifs)"), rows=3)
    notes = _text(_("Notes"))

    fieldsets = (
        (
            _("Identité"),
            "",
            [
                "name",
                "family",
                "creation_date",
                "purpose",
                "siren",
                "members",
                "employees_headcount",
                "employees_fte",
                "volunteers",
            ],
        ),
        (
            _("Conditions de l'ESS (loi du 31 juillet 2014, article 1)"),
            "",
            [
                "ess_aim",
                "ess_aim_evidence",
                "ess_governance",
                "ess_governance_evidence",
                "ess_reinvested",
                "ess_reinvested_evidence",
                "ess_reserves",
                "ess_reserves_evidence",
            ],
        ),
        (_("Utilité sociale (article 2)"), "", ["utility_aims"]),
        (
            _("Agrément ESUS (Code du travail, L3332-17-1)"),
            "",
            [
                "utility_charges",
                "operating_charges",
                "top_pay_1",
                "top_pay_2",
                "top_pay_3",
                "top_pay_4",
                "top_pay_5",
                "highest_pay",
            ],
        ),
        (
            _("Coopératives : les sept principes de l'ACI (0 à 3)"),
            _("À remplir seulement pour une coopérative."),
            ["ica_1", "ica_2", "ica_3", "ica_4", "ica_5", "ica_6", "ica_7", "ica_evidence"],
        ),
        (None, "", ["notes"]),
    )

    def clean_siren(self):
        return clean_siren(self.cleaned_data.get("siren", ""))


class SectionBForm(SectionForm):
    instituted = _text(_("L'institué (règles, statuts, habitudes établies)"))
    instituting = _text(_("L'instituant (ce qui conteste, propose, transforme)"))
    institutionalisation = _text(_("L'institutionnalisation (comment l'instituant devient règle)"))
    analysers = _text(_("Les événements analyseurs"))
    notes = _text(_("Notes"))

    fieldsets = (
        (
            _("Institué, instituant, institutionnalisation"),
            "",
            ["instituted", "instituting", "institutionalisation", "analysers"],
        ),
        (None, "", ["notes"]),
    )


class NotesForm(SectionForm):
    notes = _text(_("Notes"), rows=6)

    fieldsets = ((None, "", ["notes"]),)


class SectionDForm(SectionForm):
    year = forms.IntegerField(
        label=_("Année de valorisation"), required=False, min_value=2000, max_value=2100
    )
    retained_method = forms.ChoiceField(
        label=_("Méthode retenue"),
        required=False,
        initial="smic_charge",
        choices=(
            ("smic", _("SMIC brut horaire")),
            ("smic_charge", _("SMIC chargé")),
            ("smic_gradue", _("SMIC gradué selon le niveau")),
            ("remplacement", _("Coût de remplacement")),
        ),
    )
    charge_coefficient = _dec(
        _("Coefficient de charges (laisser vide pour la valeur de référence)"),
        min_value=Decimal("1"),
        max_digits=6,
    )
    total_charges = _dec(_("Total des charges de l'exercice (€)"))
    notes = _text(_("Notes"))

    fieldsets = (
        (
            _("Valorisation du bénévolat"),
            "",
            ["year", "retained_method", "charge_coefficient", "total_charges"],
        ),
        (None, "", ["notes"]),
    )

    def clean_retained_method(self):
        return self.cleaned_data.get("retained_method") or "smic_charge"


class SectionEForm(SectionForm):
    problem_draft = _text(_("Brouillon de problématique"), rows=6)
    notes = _text(_("Notes"))

    fieldsets = ((None, "", ["problem_draft", "notes"]),)


THEMES = (
    ("democratic", _("Gouvernance démocratique")),
    ("strategy", _("Concertation sur la stratégie")),
    ("territory", _("Ancrage territorial")),
    ("pay", _("Politique salariale et exemplarité sociale")),
    ("users", _("Lien avec les usagers et besoins non couverts")),
    ("diversity", _("Diversité et égalité")),
    ("environment", _("Environnement")),
    ("ethics", _("Éthique et déontologie")),
)


class SectionGForm(SectionForm):
    voting_members = _int(_("Membres ayant droit de vote"))
    present = _int(_("Présents"))
    represented = _int(_("Représentés"))
    members_women = _int(_("Femmes parmi les membres"))
    board_seats = _int(_("Sièges au conseil"))
    board_renewed = _int(_("Sièges renouvelés cette année"))
    board_women = _int(_("Femmes au conseil"))
    board_employees = _int(_("Salariés au conseil"))
    board_users = _int(_("Usagers au conseil"))
    meetings_ag = _int(_("Assemblées générales par an"), max_value=366)
    meetings_board = _int(_("Réunions du conseil par an"), max_value=366)
    meetings_bureau = _int(_("Réunions du bureau par an"), max_value=366)
    highest_pay_ft = _dec(_("Rémunération la plus haute (temps plein, € brut annuel)"))
    lowest_pay_ft = _dec(_("Rémunération la plus basse (temps plein, € brut annuel)"))
    improvement_plan = _text(_("Plan d'amélioration"))
    notes = _text(_("Notes"))

    fieldsets = (
        (
            _("Assemblée générale"),
            "",
            ["voting_members", "present", "represented", "members_women"],
        ),
        (
            _("Conseil"),
            "",
            ["board_seats", "board_renewed", "board_women", "board_employees", "board_users"],
        ),
        (_("Réunions"), "", ["meetings_ag", "meetings_board", "meetings_bureau"]),
        (
            _("Les huit thèmes du guide des bonnes pratiques (0 à 3)"),
            "",
            [
                name
                for suffix, _label in THEMES
                for name in (f"theme_{suffix}", f"evidence_{suffix}")
            ],
        ),
        (_("Rémunérations"), "", ["highest_pay_ft", "lowest_pay_ft"]),
        (_("Plan"), "", ["improvement_plan", "notes"]),
    )

    def clean(self):
        data = super().clean()
        voting = data.get("voting_members")
        attending = (data.get("present") or 0) + (data.get("represented") or 0)
        if voting is not None and attending > voting:
            self.add_error(
                "represented",
                _("Présents et représentés dépassent le nombre de membres ayant droit de vote."),
            )
        seats = data.get("board_seats")
        if seats is not None:
            for name in ("board_renewed", "board_women", "board_employees", "board_users"):
                value = data.get(name)
                if value is not None and value > seats:
                    self.add_error(name, _("Ce nombre dépasse le nombre de sièges au conseil."))
        women, members = data.get("members_women"), data.get("voting_members")
        if women is not None and members is not None and women > members:
            self.add_error("members_women", _("Ce nombre dépasse le nombre de membres."))
        return data


for _suffix, _label in THEMES:
    SectionGForm.base_fields[f"theme_{_suffix}"] = _score(_label)
    SectionGForm.base_fields[f"evidence_{_suffix}"] = _text(_("Éléments de preuve"), rows=2)


SECTION_FORMS: dict[str, type[SectionForm]] = {
    "A": SectionAForm,
    "B": SectionBForm,
    "C": NotesForm,
    "D": SectionDForm,
    "E": SectionEForm,
    "F": NotesForm,
    "G": SectionGForm,
    "H": NotesForm,
}


def to_json(form: forms.Form) -> dict:
    """The form's cleaned data as JSON values, one key per field."""
    data = {}
    for name in form.fields:
        value = form.cleaned_data.get(name)
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, date):
            value = value.isoformat()
        elif value in ("", []) and not isinstance(value, bool):
            value = [] if isinstance(value, list) else None
        data[name] = value
    return data


def initial_from(form_class: type[forms.Form], data: dict) -> dict:
    """Stored JSON back into initial values (booleans become the radio's "true"/"false")."""
    initial = {}
    for name, field in form_class.base_fields.items():
        if name not in data or data[name] is None:
            continue
        value = data[name]
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(field, forms.DecimalField):
            value = Decimal(str(value))
        initial[name] = value
    return initial


# --- record forms -------------------------------------------------------------------------


def _decimal_fields(form: forms.ModelForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField):
            field.localize = True
            field.widget.is_localized = True


class RecordForm(forms.ModelForm):
    def __init__(self, *args, workbook=None, **kwargs):
        self.workbook = workbook
        super().__init__(*args, **kwargs)
        _decimal_fields(self)
        # Fields with a default (km, zones, intensity, costs avoided…) may be left empty.
        self.defaults = {}
        for name, field in self.fields.items():
            try:
                model_field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field
                continue
            if model_field.has_default() and not isinstance(field, forms.BooleanField):
                field.required = False
                self.defaults[name] = model_field.get_default()

    def clean(self):
        data = super().clean()
        for name, default in self.defaults.items():
            if name in data and data[name] is None:
                data[name] = default
        return data

    def positive(self, name, *, allow_zero=False, maximum=None):
        value = self.cleaned_data.get(name)
        if value is None:
            return value
        if value < 0 or (value == 0 and not allow_zero):
            raise ValidationError(
                _("La valeur doit être positive ou nulle.")
                if allow_zero
                else _("La valeur doit être supérieure à zéro.")
            )
        if maximum is not None and value > maximum:
            raise ValidationError(_("La valeur ne peut pas dépasser %(max)s.") % {"max": maximum})
        return value


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TimelineEventForm(RecordForm):
    class Meta:
        model = m.TimelineEvent
        fields = ["date", "event", "kind", "actors", "logic", "source"]
        widgets = {"date": DATE_WIDGET}


class InterviewForm(RecordForm):
    class Meta:
        model = m.Interview
        fields = ["pseudonym", "role", "period", "themes", "quotes", "consent", "consent_date"]
        widgets = {
            "consent_date": DATE_WIDGET,
            "themes": forms.Textarea(attrs={"rows": 2}),
            "quotes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"pseudonym": _("Un pseudonyme ou des initiales, jamais le nom complet.")}

    def clean(self):
        data = super().clean()
        if data.get("consent"):
            when = data.get("consent_date")
            if when is None and "consent_date" not in self.errors:
                self.add_error("consent_date", _("Indiquez la date du consentement."))
            elif when and when > clock.now().date():
                self.add_error(
                    "consent_date", _("La date du consentement ne peut pas être dans le futur.")
                )
        else:
            data["consent_date"] = None
        return data


class LabourLineForm(RecordForm):
    class Meta:
        model = m.LabourLine
        fields = ["function", "holder", "hours_per_year"]

    def clean_hours_per_year(self):
        return self.positive("hours_per_year", maximum=1_000_000)


ZONE_CHOICES = [(i, str(i)) for i in range(4)]


class ActorForm(RecordForm):
    class Meta:
        model = m.Actor
        fields = [
            "name",
            "stakes",
            "resources",
            "constraints",
            "strategy",
            "zone_expertise",
            "zone_environment",
            "zone_communication",
            "zone_rules",
        ]
        widgets = {
            "stakes": forms.Textarea(attrs={"rows": 2}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "constraints": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("zone_expertise", "zone_environment", "zone_communication", "zone_rules"):
            field = self.fields[name]
            field.min_value, field.max_value = 0, 3
            field.widget.attrs.update(min=0, max=3)
            field.help_text = _("De 0 à 3.")

    def _zone(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not 0 <= value <= 3:
            raise ValidationError(_("La maîtrise d'une zone d'incertitude se note de 0 à 3."))
        return value

    def clean_zone_expertise(self):
        return self._zone("zone_expertise")

    def clean_zone_environment(self):
        return self._zone("zone_environment")

    def clean_zone_communication(self):
        return self._zone("zone_communication")

    def clean_zone_rules(self):
        return self._zone("zone_rules")


class RelationForm(RecordForm):
    class Meta:
        model = m.Relation
        fields = ["source", "target", "kind", "intensity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actors = m.Actor.objects.filter(workbook=self.workbook).order_by("pk")
        self.fields["source"].queryset = actors
        self.fields["target"].queryset = actors
        self.fields["source"].label = _("De")
        self.fields["target"].label = _("Vers")
        self.fields["intensity"].help_text = _("De 1 à 3.")
        self.fields["intensity"].widget.attrs.update(min=1, max=3)

    def clean_intensity(self):
        value = self.cleaned_data.get("intensity")
        if value is not None and not 1 <= value <= 3:
            raise ValidationError(_("L'intensité se note de 1 à 3."))
        return value

    def validate_unique(self):
        # The workbook is not a form field: duplicates are checked in clean().
        pass

    def clean(self):
        data = super().clean()
        source, target = data.get("source"), data.get("target")
        if source and target:
            if source == target:
                self.add_error("target", _("Une relation relie deux acteurs différents."))
            elif m.Relation.objects.filter(source=source, target=target).exists():
                self.add_error("target", _("Cette relation existe déjà."))
        return data


class VolunteerEntryForm(RecordForm):
    class Meta:
        model = m.VolunteerEntry
        fields = ["date", "hours", "km", "activity", "level", "replacement_rate", "volunteer"]
        widgets = {"date": DATE_WIDGET}
        help_texts = {"volunteer": _("Un pseudonyme ou des initiales, jamais le nom complet.")}

    def clean_date(self):
        value = self.cleaned_data.get("date")
        _not_future(value)
        return value

    def clean_hours(self):
        return self.positive("hours", maximum=10_000)

    def clean_km(self):
        value = self.cleaned_data.get("km")
        return Decimal(0) if value is None else self.positive("km", allow_zero=True)

    def clean_replacement_rate(self):
        return self.positive("replacement_rate", allow_zero=True)


class InKindContributionForm(RecordForm):
    class Meta:
        model = m.InKindContribution
        fields = ["kind", "description", "quantity", "unit_value"]

    def clean_quantity(self):
        return self.positive("quantity")

    def clean_unit_value(self):
        return self.positive("unit_value", allow_zero=True)


POLE_BY_MODE = {
    m.ResourceMode.GRANT: m.Pole.REDISTRIBUTION,
    m.ResourceMode.SALE: m.Pole.MARKET,
    m.ResourceMode.PUBLIC_ORDER: m.Pole.MARKET,
    m.ResourceMode.FINANCIAL: m.Pole.MARKET,
    m.ResourceMode.MEMBERSHIP: m.Pole.RECIPROCITY,
    m.ResourceMode.GIFT: m.Pole.RECIPROCITY,
    m.ResourceMode.SPONSORSHIP: m.Pole.RECIPROCITY,
}


class ResourceLineForm(RecordForm):
    class Meta:
        model = m.ResourceLine
        fields = ["funder", "amount", "origin", "mode", "pole"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pole"].required = False
        self.fields["pole"].help_text = _("Laissé vide : le pôle habituel du mode.")

    def clean_amount(self):
        return self.positive("amount", allow_zero=True)

    def clean(self):
        data = super().clean()
        if not data.get("pole") and data.get("mode"):
            data["pole"] = POLE_BY_MODE[data["mode"]]
        return data


class PartnerForm(RecordForm):
    class Meta:
        model = m.Partner
        fields = ["name", "kind", "form", "exchanged", "costs_avoided"]

    def clean_costs_avoided(self):
        value = self.cleaned_data.get("costs_avoided")
        return Decimal(0) if value is None else self.positive("costs_avoided", allow_zero=True)


class SwotItemForm(RecordForm):
    class Meta:
        model = m.SwotItem
        fields = ["quadrant", "text", "source_section", "key_issue"]


class KeyVariableForm(RecordForm):
    class Meta:
        model = m.KeyVariable
        fields = ["swot_item", "name", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["swot_item"].queryset = m.SwotItem.objects.filter(
            workbook=self.workbook
        ).order_by("pk")
        self.fields["swot_item"].label = _("Depuis un élément de la synthèse")
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Laissé vide : le texte de l'élément choisi.")

    def clean(self):
        data = super().clean()
        if not data.get("name"):
            item = data.get("swot_item")
            if item is not None:
                data["name"] = item.text[:120]
            elif "swot_item" not in self.errors:
                self.add_error("name", _("Nommez la variable ou choisissez un élément."))
        return data


EMISSION_SOURCES = {
    m.EmissionCategory.ENERGY: (
        ("electricity", _("électricité (kWh)")),
        ("gas", _("gaz (kWh)")),
        ("fuel_oil", _("fioul (kWh)")),
    ),
    m.EmissionCategory.TRAVEL: (
        ("car_km", _("voiture (km)")),
        ("train_km", _("train (km)")),
        ("bus_km", _("bus (km)")),
        ("plane_km", _("avion (km)")),
    ),
    m.EmissionCategory.FUEL: (("diesel", _("gazole (L)")), ("petrol", _("essence (L)"))),
}
SOURCE_LABELS = {key: label for pairs in EMISSION_SOURCES.values() for key, label in pairs}


class EmissionLineForm(RecordForm):
    source = forms.ChoiceField(
        label=_("Source ou mode"),
        choices=[
            (category.label, list(pairs))
            for category, pairs in ((m.EmissionCategory(c), p) for c, p in EMISSION_SOURCES.items())
        ],
    )

    class Meta:
        model = m.EmissionLine
        fields = ["category", "source", "quantity", "label"]

    def clean_quantity(self):
        return self.positive("quantity")

    def clean(self):
        data = super().clean()
        category, source = data.get("category"), data.get("source")
        if category and source and source not in dict(EMISSION_SOURCES[category]):
            self.add_error("source", _("Cette source ne relève pas de ce poste."))
        return data


class CareLineForm(RecordForm):
    class Meta:
        model = m.CareLine
        fields = ["capital", "threshold", "action", "cost", "funded"]

    def clean_cost(self):
        return self.positive("cost", allow_zero=True)

    def clean_funded(self):
        value = self.cleaned_data.get("funded")
        return Decimal(0) if value is None else self.positive("funded", allow_zero=True)


@dataclass(frozen=True)
class RecordKind:
    slug: str
    section: str
    model: type
    form: type[RecordForm]
    title: str
    columns: tuple[str, ...]  # model fields shown in the table


RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        "events",
        "B",
        m.TimelineEvent,
        TimelineEventForm,
        _("Frise historique"),
        ("date", "event", "kind", "actors", "logic", "source"),
    ),
    RecordKind(
        "interviews",
        "B",
        m.Interview,
        InterviewForm,
        _("Entretiens avec les porteurs de l'histoire"),
        ("pseudonym", "role", "period", "themes", "consent", "consent_date"),
    ),
    RecordKind(
        "labour",
        "C",
        m.LabourLine,
        LabourLineForm,
        _("Division du travail"),
        ("function", "holder", "hours_per_year"),
    ),
    RecordKind(
        "actors",
        "C",
        m.Actor,
        ActorForm,
        _("Acteurs (analyse stratégique)"),
        (
            "name",
            "stakes",
            "strategy",
            "zone_expertise",
            "zone_environment",
            "zone_communication",
            "zone_rules",
        ),
    ),
    RecordKind(
        "relations",
        "C",
        m.Relation,
        RelationForm,
        _("Relations entre acteurs"),
        ("source", "target", "kind", "intensity"),
    ),
    RecordKind(
        "volunteers",
        "D",
        m.VolunteerEntry,
        VolunteerEntryForm,
        _("Heures de bénévolat"),
        ("date", "hours", "km", "activity", "level", "replacement_rate", "volunteer"),
    ),
    RecordKind(
        "inkind",
        "D",
        m.InKindContribution,
        InKindContributionForm,
        _("Contributions en nature"),
        ("kind", "description", "quantity", "unit_value"),
    ),
    RecordKind(
        "resources",
        "D",
        m.ResourceLine,
        ResourceLineForm,
        _("Ressources"),
        ("funder", "amount", "origin", "mode", "pole"),
    ),
    RecordKind(
        "partners",
        "D",
        m.Partner,
        PartnerForm,
        _("Partenaires"),
        ("name", "kind", "form", "exchanged", "costs_avoided"),
    ),
    RecordKind(
        "swot",
        "E",
        m.SwotItem,
        SwotItemForm,
        _("Forces, faiblesses, opportunités, menaces"),
        ("quadrant", "text", "source_section", "key_issue"),
    ),
    RecordKind(
        "variables",
        "F",
        m.KeyVariable,
        KeyVariableForm,
        _("Variables clés"),
        ("name", "description", "swot_item"),
    ),
    RecordKind(
        "emissions",
        "H",
        m.EmissionLine,
        EmissionLineForm,
        _("Énergie, déplacements, carburant"),
        ("category", "source", "quantity", "label"),
    ),
    RecordKind(
        "care",
        "H",
        m.CareLine,
        CareLineForm,
        _("Registre CARE (capital humain et naturel)"),
        ("capital", "threshold", "action", "cost", "funded"),
    ),
)
KINDS = {kind.slug: kind for kind in RECORD_KINDS}


def kinds_of(code: str) -> list[RecordKind]:
    return [kind for kind in RECORD_KINDS if kind.section == code]
