"""The diagnostic workbook: each participant's analysis of their own organisation.

One workbook per enrolment. Each section (A–H) keeps its plain fields as JSON in a
`SectionEntry` (validated by the section's form before it is written) and its status;
what repeats (events, interviews, actors, volunteer hours, resource lines…) has its own
table so it can be added, removed, imported and computed on. Money is Decimal.
Reference parameters (SMIC, charge coefficient, emission factors…) live in a table with
their year and source: no formula holds a figure of its own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    IDENTITY = "A", _("A. Identité et statut ESS")
    INSTITUTIONAL = "B", _("B. Analyse institutionnelle")
    ORGANISATIONAL = "C", _("C. Analyse organisationnelle")
    ECONOMIC = "D", _("D. Analyse économique")
    SYNTHESIS = "E", _("E. Synthèse")
    FORESIGHT = "F", _("F. Prospective")
    GOVERNANCE = "G", _("G. Gouvernance")
    MANAGEMENT = "H", _("H. Gestion dans une perspective de transition")


class SectionStatus(models.TextChoices):
    TODO = "todo", _("à faire")
    IN_PROGRESS = "in_progress", _("en cours")
    DONE = "done", _("terminé")


# --- reference parameters -----------------------------------------------------------------


class ReferenceParameter(models.Model):
    """One reference value for one year (e.g. smic_hourly 2025 = 11.88 €/h), with its source."""

    key = models.CharField(_("clé"), max_length=64)
    year = models.PositiveSmallIntegerField(_("année"))
    value = models.DecimalField(_("valeur"), max_digits=16, decimal_places=6)
    unit = models.CharField(_("unité"), max_length=32, blank=True)
    label = models.CharField(_("libellé"), max_length=200)
    source = models.CharField(_("source"), max_length=400)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="workbook_parameter_key_year")
        ]
        verbose_name = _("paramètre de référence")
        verbose_name_plural = _("paramètres de référence")

    def __str__(self) -> str:
        return f"{self.key} {self.year} = {self.value}"


class ParameterChange(models.Model):
    """Append-only history of the edits of a reference parameter."""

    parameter = models.ForeignKey(
        ReferenceParameter, on_delete=models.CASCADE, related_name="changes"
    )
    old_value = models.DecimalField(max_digits=16, decimal_places=6, null=True)
    new_value = models.DecimalField(max_digits=16, decimal_places=6)
    old_source = models.CharField(max_length=400, blank=True)
    new_source = models.CharField(max_length=400)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.parameter_id}: {self.old_value} → {self.new_value}"


# --- the workbook -------------------------------------------------------------------------


class Workbook(models.Model):
    enrolment = models.OneToOneField(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="workbook"
    )
    # The organisation diagnosed: the enrolment's when the workbook is opened.
    organisation = models.ForeignKey(
        "cohorts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workbooks",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cahier de diagnostic")
        verbose_name_plural = _("cahiers de diagnostic")

    def __str__(self) -> str:
        return f"Cahier {self.enrolment_id}"


class SectionEntry(models.Model):
    """A section's plain fields (JSON, written only through the section's form) and status."""

    workbook = models.ForeignKey(Workbook, on_delete=models.CASCADE, related_name="sections")
    section = models.CharField(max_length=1, choices=Section.choices)
    status = models.CharField(
        max_length=16, choices=SectionStatus.choices, default=SectionStatus.TODO
    )
    data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["section"]
        constraints = [
            models.UniqueConstraint(fields=["workbook", "section"], name="workbook_section_once")
        ]

    def __str__(self) -> str:
        return f"{self.workbook_id} {self.section} ({self.status})"


class TutorComment(models.Model):
    workbook = models.ForeignKey(Workbook, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=1, choices=Section.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("commentaire"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.workbook_id} {self.section}: {self.body[:40]}"


class Computation(models.Model):
    """What an export computed and with which reference parameters (values copied, so a
    later edit of the table does not rewrite what a note already printed)."""

    workbook = models.ForeignKey(Workbook, on_delete=models.CASCADE, related_name="computations")
    kind = models.CharField(max_length=32)  # "workbook_pdf", "note_outline", …
    parameters = models.JSONField(default=list)  # [{key, year, value, unit, source}]
    results = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.workbook_id} {self.kind} {self.created_at:%Y-%m-%d}"


class Record(models.Model):
    """Base of the repeatable records: each belongs to one workbook, in entry order."""

    workbook = models.ForeignKey(Workbook, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]


# --- B. institutional analysis -------------------------------------------------------------


class EventKind(models.TextChoices):
    FOUNDING = "founding", _("création")
    STATUTE = "statute", _("modification des statuts")
    FIRST_HIRE = "first_hire", _("premier recrutement")
    FUNDING = "funding", _("changement de financement")
    CRISIS = "crisis", _("crise")
    MERGER = "merger", _("fusion")
    OTHER = "other", _("autre")


class FoundingLogic(models.TextChoices):
    DOMESTIC = "domestique", _("domestique")
    AID = "aide", _("aide")
    MUTUAL_AID = "entraide", _("entraide")
    MOVEMENT = "mouvement", _("mouvement")
    MULTILATERAL = "multilaterale", _("multilatérale")


class TimelineEvent(Record):
    date = models.DateField(_("date"))
    event = models.CharField(_("événement"), max_length=300)
    kind = models.CharField(_("type"), max_length=16, choices=EventKind.choices)
    actors = models.CharField(_("acteurs"), max_length=300, blank=True)
    logic = models.CharField(
        _("logique fondatrice"), max_length=16, choices=FoundingLogic.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta(Record.Meta):
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.event}"


class Interview(Record):
    """An interview with a holder of the history: personal data, deletable on request."""

    pseudonym = models.CharField(_("pseudonyme"), max_length=100)
    role = models.CharField(_("rôle"), max_length=200, blank=True)
    period = models.CharField(_("période couverte"), max_length=100, blank=True)
    themes = models.TextField(_("thèmes"), blank=True)
    quotes = models.TextField(_("citations clés"), blank=True)
    consent = models.BooleanField(_("consentement donné"), default=False)
    consent_date = models.DateField(_("date du consentement"), null=True, blank=True)

    def __str__(self) -> str:
        return self.pseudonym


# --- C. organisational analysis ------------------------------------------------------------


class HolderCategory(models.TextChoices):
    VOLUNTEER = "benevole", _("bénévole")
    EMPLOYEE = "salarie", _("salarié·e")
    CIVIC_SERVICE = "service_civique", _("volontaire en service civique")
    SECONDED = "mis_a_disposition", _("mis à disposition")


class LabourLine(Record):
    function = models.CharField(_("fonction"), max_length=200)
    holder = models.CharField(
        _("catégorie de titulaire"), max_length=20, choices=HolderCategory.choices
    )
    hours_per_year = models.DecimalField(_("heures par an"), max_digits=9, decimal_places=2)

    def __str__(self) -> str:
        return self.function


class Strategy(models.TextChoices):
    OFFENSIVE = "offensive", _("offensive")
    DEFENSIVE = "defensive", _("défensive")
    WITHDRAWAL = "retrait", _("retrait")


class Actor(Record):
    """An actor of the strategic analysis (Crozier & Friedberg)."""

    name = models.CharField(_("acteur"), max_length=200)
    stakes = models.TextField(_("enjeux"), blank=True)
    resources = models.TextField(_("ressources"), blank=True)
    constraints = models.TextField(_("contraintes"), blank=True)
    strategy = models.CharField(_("stratégie"), max_length=16, choices=Strategy.choices, blank=True)
    # Control of the four zones of uncertainty, each 0–3.
    zone_expertise = models.PositiveSmallIntegerField(_("expertise"), default=0)
    zone_environment = models.PositiveSmallIntegerField(_("relations à l'environnement"), default=0)
    zone_communication = models.PositiveSmallIntegerField(_("communication"), default=0)
    zone_rules = models.PositiveSmallIntegerField(_("usage des règles"), default=0)

    def __str__(self) -> str:
        return self.name


class RelationKind(models.TextChoices):
    ALLIANCE = "alliance", _("alliance (+1)")
    NEGOTIATION = "negotiation", _("négociation (0)")
    OPPOSITION = "opposition", _("opposition (−1)")


class Relation(Record):
    source = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("nature"), max_length=16, choices=RelationKind.choices)
    intensity = models.PositiveSmallIntegerField(_("intensité"), default=1)

    class Meta(Record.Meta):
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="workbook_relation_once"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="workbook_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} ({self.kind})"


# --- D. economic analysis ------------------------------------------------------------------


class VolunteerLevel(models.TextChoices):
    EXECUTION = "execution", _("exécution")
    SUPERVISION = "encadrement", _("encadrement")
    EXPERTISE = "expertise", _("expertise")


class VolunteerEntry(Record):
    """Volunteer hours (D1). `volunteer` is a pseudonym or initials, never a full name."""

    date = models.DateField(_("date"))
    hours = models.DecimalField(_("heures"), max_digits=8, decimal_places=2)
    km = models.DecimalField(_("km"), max_digits=8, decimal_places=1, default=0)
    activity = models.CharField(_("activité"), max_length=300)
    level = models.CharField(_("niveau"), max_length=16, choices=VolunteerLevel.choices)
    replacement_rate = models.DecimalField(
        _("coût horaire de remplacement (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    volunteer = models.CharField(_("bénévole (pseudonyme)"), max_length=100, blank=True)

    class Meta(Record.Meta):
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.hours} h"


class InKindKind(models.TextChoices):
    # debit / credit accounts of ANC regulation 2018-06 (class 8)
    RELIEF = "secours", _("secours en nature (860 / 870)")
    GOODS = "biens", _("mise à disposition gratuite de biens (861 / 871)")
    SERVICES = "prestations", _("prestations (862 / 871)")


class InKindContribution(Record):
    kind = models.CharField(_("type"), max_length=16, choices=InKindKind.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantité"), max_digits=10, decimal_places=2)
    unit_value = models.DecimalField(_("valeur unitaire (€)"), max_digits=12, decimal_places=2)

    def __str__(self) -> str:
        return self.description


class ResourceOrigin(models.TextChoices):
    PUBLIC = "public", _("publique")
    PRIVATE = "private", _("privée")


class ResourceMode(models.TextChoices):
    GRANT = "subvention", _("subvention")
    PUBLIC_ORDER = "commande_publique", _("commande publique")
    SALE = "vente", _("vente")
    MEMBERSHIP = "cotisation", _("cotisation")
    GIFT = "don", _("don")
    SPONSORSHIP = "mecenat", _("mécénat")
    FINANCIAL = "produits_financiers", _("produits financiers")


class Pole(models.TextChoices):
    MARKET = "marchand", _("marchand")
    REDISTRIBUTION = "redistribution", _("redistribution")
    RECIPROCITY = "reciprocite", _("réciprocité")


class ResourceLine(Record):
    funder = models.CharField(_("financeur ou client"), max_length=200)
    amount = models.DecimalField(_("montant (€)"), max_digits=12, decimal_places=2)
    origin = models.CharField(_("origine"), max_length=8, choices=ResourceOrigin.choices)
    mode = models.CharField(_("mode"), max_length=24, choices=ResourceMode.choices)
    pole = models.CharField(_("pôle"), max_length=16, choices=Pole.choices)

    def __str__(self) -> str:
        return f"{self.funder} {self.amount}"


class PartnerKind(models.TextChoices):
    ASSOCIATION = "association", _("association ou structure de l'ESS")
    PUBLIC = "public", _("collectivité ou service public")
    COMPANY = "entreprise", _("entreprise")
    FOUNDATION = "fondation", _("fondation")
    NETWORK = "reseau", _("réseau ou fédération")
    OTHER = "autre", _("autre")


class PartnerForm(models.TextChoices):
    AGREEMENT = "convention", _("convention")
    JOINT_PROJECT = "projet_commun", _("projet commun")
    POOLING = "mutualisation", _("mutualisation")


class Partner(Record):
    name = models.CharField(_("partenaire"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=PartnerKind.choices)
    form = models.CharField(_("forme"), max_length=16, choices=PartnerForm.choices)
    exchanged = models.CharField(_("ce qui est échangé"), max_length=300, blank=True)
    costs_avoided = models.DecimalField(
        _("coûts évités (€)"), max_digits=12, decimal_places=2, default=0
    )

    def __str__(self) -> str:
        return self.name


# --- E. synthesis and F. foresight ---------------------------------------------------------


class Quadrant(models.TextChoices):
    STRENGTH = "strength", _("force")
    WEAKNESS = "weakness", _("faiblesse")
    OPPORTUNITY = "opportunity", _("opportunité")
    THREAT = "threat", _("menace")


class SwotItem(Record):
    quadrant = models.CharField(_("catégorie"), max_length=16, choices=Quadrant.choices)
    text = models.CharField(_("élément"), max_length=300)
    source_section = models.CharField(
        _("section d'origine"), max_length=1, choices=Section.choices, blank=True
    )
    key_issue = models.BooleanField(_("enjeu clé"), default=False)

    def __str__(self) -> str:
        return self.text


class KeyVariable(Record):
    """A key variable for the foresight study, usually taken from the synthesis."""

    name = models.CharField(_("variable"), max_length=120)
    description = models.CharField(_("définition"), max_length=300, blank=True)
    swot_item = models.ForeignKey(
        SwotItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.name


# --- H. management in a transition perspective -------------------------------------------


class EmissionCategory(models.TextChoices):
    ENERGY = "energy", _("énergie")
    TRAVEL = "travel", _("déplacements")
    FUEL = "fuel", _("carburant")


class EmissionLine(Record):
    """A quantity (kWh, km, litres) whose factor is the parameter `ef_<source>`."""

    category = models.CharField(_("poste"), max_length=8, choices=EmissionCategory.choices)
    source = models.CharField(_("source ou mode"), max_length=32)
    quantity = models.DecimalField(_("quantité"), max_digits=12, decimal_places=2)
    label = models.CharField(_("précision"), max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.source} {self.quantity}"


class Capital(models.TextChoices):
    HUMAN = "human", _("humain")
    NATURAL = "natural", _("naturel")


class CareLine(Record):
    """CARE-lite register (triple-capital accounting)."""

    capital = models.CharField(_("capital"), max_length=8, choices=Capital.choices)
    threshold = models.CharField(_("seuil à préserver"), max_length=300)
    action = models.CharField(_("action de maintien"), max_length=300)
    cost = models.DecimalField(_("coût (€)"), max_digits=12, decimal_places=2)
    funded = models.DecimalField(_("financé (€)"), max_digits=12, decimal_places=2, default=0)

    def __str__(self) -> str:
        return self.action
