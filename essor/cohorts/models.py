"""A cohort (one dated edition of a programme), its people and how they join it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essor.core.storage import private_storage


class Cohort(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="cohorts"
    )
    slug = models.SlugField(_("identifiant"), max_length=64, unique=True)
    title = models.CharField(_("intitulé"), max_length=200)
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    timezone = models.CharField(_("fuseau horaire"), max_length=64, default="Europe/Paris")
    is_public = models.BooleanField(
        _("publiée"), default=True, help_text=_("Affichée sur la page publique du programme.")
    )
    capacity = models.PositiveSmallIntegerField(_("capacité d'accueil"), default=30)
    applications_open = models.BooleanField(_("candidatures ouvertes"), default=True)
    practical_info = models.TextField(
        _("informations pratiques"),
        blank=True,
        help_text=_(
            "Accès, horaires d'accueil, règles de la formation : repris dans la convocation."
        ),
    )
    contact_email = models.EmailField(_("contact de la coordination"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        ordering = ["programme", "slug"]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")

    def __str__(self) -> str:
        return self.title


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordination pédagogique")
    SPEAKER = "speaker", _("intervenant·e")
    TUTOR = "tutor", _("tuteur·rice")
    PARTICIPANT = "participant", _("auditeur·rice")
    PARTNER = "partner", _("partenaire")


class Membership(models.Model):
    """A role held by a person in one cohort (roles are per cohort, not global)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user", "role"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["user", "role"])]
        verbose_name = _("rôle dans une promotion")
        verbose_name_plural = _("rôles dans les promotions")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.cohort}"


class OrganisationFamily(models.TextChoices):
    ASSOCIATION = "association", _("association")
    COOPERATIVE = "cooperative", _("coopérative")
    MUTUAL = "mutual", _("mutuelle")
    FOUNDATION = "foundation", _("fondation")
    ESS_COMPANY = "ess_company", _("entreprise de l'ESS")
    FEDERATION = "federation", _("fédération")


class Region(models.TextChoices):
    ARA = "ARA", "Auvergne-Rhône-Alpes"
    BFC = "BFC", "Bourgogne-Franche-Comté"
    BRE = "BRE", "Bretagne"
    CVL = "CVL", "Centre-Val de Loire"
    COR = "COR", "Corse"
    GES = "GES", "Grand Est"
    HDF = "HDF", "Hauts-de-France"
    IDF = "IDF", "Île-de-France"
    NOR = "NOR", "Normandie"
    NAQ = "NAQ", "Nouvelle-Aquitaine"
    OCC = "OCC", "Occitanie"
    PDL = "PDL", "Pays de la Loire"
    PAC = "PAC", "Provence-Alpes-Côte d'Azur"
    GUA = "GUA", "Guadeloupe"
    MTQ = "MTQ", "Martinique"
    GUF = "GUF", "Guyane"
    LRE = "LRE", "La Réunion"
    MAY = "MAY", "Mayotte"


class Organisation(models.Model):
    """A structure of the social and solidarity economy; several participants may share one."""

    name = models.CharField(_("nom"), max_length=300)
    family = models.CharField(_("famille"), max_length=16, choices=OrganisationFamily.choices)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    region = models.CharField(_("région"), max_length=3, choices=Region.choices)
    employees = models.PositiveIntegerField(_("salarié·es"), null=True, blank=True)
    volunteers = models.PositiveIntegerField(_("bénévoles"), null=True, blank=True)
    federation = models.CharField(
        _("fédération ou réseau d'appartenance"), max_length=300, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siren"], condition=~models.Q(siren=""), name="organisation_siren_unique"
            ),
        ]
        verbose_name = _("structure de l'ESS")
        verbose_name_plural = _("structures de l'ESS")

    def __str__(self) -> str:
        return self.name


class DiplomaLevel(models.IntegerChoices):
    LEVEL_3 = 3, _("Niveau 3 (CAP, BEP)")
    LEVEL_4 = 4, _("Niveau 4 (baccalauréat)")
    LEVEL_5 = 5, _("Niveau 5 (Bac + 2)")
    LEVEL_6 = 6, _("Niveau 6 (Bac + 3, licence)")
    LEVEL_7 = 7, _("Niveau 7 (Bac + 5, master)")
    LEVEL_8 = 8, _("Niveau 8 (doctorat)")


class Funding(models.TextChoices):
    EMPLOYER = "employer", _("employeur")
    OPCO = "opco", _("OPCO")
    PERSONAL = "personal", _("financement personnel")
    OTHER = "other", _("autre")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("reçue")
    ADMITTED = "admitted", _("admise")
    WAITLISTED = "waitlisted", _("liste d'attente")
    REFUSED = "refused", _("refusée")


class Application(models.Model):
    """A candidacy to a cohort, filled in on the public form."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse électronique"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    organisation_name = models.CharField(_("structure"), max_length=300)
    organisation_family = models.CharField(
        _("famille de la structure"), max_length=16, choices=OrganisationFamily.choices
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    region = models.CharField(_("région"), max_length=3, choices=Region.choices)
    employees = models.PositiveIntegerField(_("salarié·es"), null=True, blank=True)
    volunteers = models.PositiveIntegerField(_("bénévoles"), null=True, blank=True)
    federation = models.CharField(_("fédération ou réseau"), max_length=300, blank=True)
    position = models.CharField(_("fonction dans la structure"), max_length=200)
    diploma_level = models.PositiveSmallIntegerField(
        _("diplôme le plus élevé"), choices=DiplomaLevel.choices
    )
    diploma_title = models.CharField(_("intitulé du diplôme"), max_length=300, blank=True)
    # Below level 7 the programme asks for a validation of prior learning (VAPP).
    vapp_request = models.TextField(_("demande de validation (VAPP)"), blank=True)
    motivation = models.TextField(_("motivation"))
    cv = models.FileField(_("CV (PDF)"), storage=private_storage, upload_to="applications/cv/")
    funding = models.CharField(_("financement"), max_length=16, choices=Funding.choices)
    funding_details = models.CharField(
        _("précisions sur le financement"), max_length=300, blank=True
    )
    accessibility_needs = models.TextField(_("besoins d'aménagement"), blank=True)
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    decision_message = models.TextField(_("message au candidat"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} — {self.cohort}"


class EnrolmentStatus(models.TextChoices):
    ADMITTED = "admitted", _("admis·e")
    ENROLLED = "enrolled", _("inscrit·e")
    WITHDRAWN = "withdrawn", _("abandon")
    CERTIFIED = "certified", _("certifié·e")


class Enrolment(models.Model):
    """A participant's place in a cohort, with their organisation, position and tutor."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrolments",
        null=True,
        blank=True,
    )
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolment"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="enrolments", null=True, blank=True
    )
    position = models.CharField(_("fonction dans la structure"), max_length=200, blank=True)
    status = models.CharField(_("statut"), max_length=16, choices=EnrolmentStatus.choices)
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tutored_enrolments",
        verbose_name=_("tuteur·rice"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"],
                condition=models.Q(user__isnull=False),
                name="enrolment_unique",
            ),
        ]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")

    def __str__(self) -> str:
        return f"{self.user or self.application} — {self.cohort}"


class EnrolmentEvent(models.Model):
    """Append-only history of an enrolment's status: who, when, from, to, why."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=EnrolmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=EnrolmentStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("évolution d'inscription")
        verbose_name_plural = _("évolutions d'inscription")

    def __str__(self) -> str:
        return f"{self.enrolment} : {self.from_status or '—'} → {self.to_status}"
