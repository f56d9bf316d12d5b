"""The closing bilan (module 14), the improvement actions it decides, and the complaints
log (Qualiopi indicators 30, 31 and 32)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Bilan(models.Model):
    """The cohort's closing review: its figures are computed, the rest is written by the
    coordination. Shared with partners (aggregates only), speakers, tutors and
    participants once published."""

    cohort = models.OneToOneField("cohorts.Cohort", on_delete=models.CASCADE, related_name="bilan")
    held_on = models.DateField(_("date de la réunion de bilan"), null=True, blank=True)
    attendees = models.TextField(
        _("participants à la réunion"),
        blank=True,
        help_text=_("Partenaires, auditeur·rices, Cnam : structures et fonctions."),
    )
    summary = models.TextField(_("analyse de la coordination"), blank=True)
    partners_feedback = models.TextField(_("retours des partenaires"), blank=True)
    speakers_feedback = models.TextField(_("retours des intervenant·es"), blank=True)
    published = models.BooleanField(_("partagé"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bilan")
        verbose_name_plural = _("bilans")

    def __str__(self) -> str:
        return str(self.cohort)


class Highlight(models.Model):
    """A free-text answer the coordination chose to quote in the bilan. The text is a
    copy (it may be shortened, or a name taken out); the answer stays anonymous."""

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="highlights")
    answer = models.ForeignKey(
        "surveys.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("source"), max_length=250)  # survey title — question
    text = models.TextField(_("extrait"))
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["bilan", "position", "pk"]
        verbose_name = _("extrait retenu")
        verbose_name_plural = _("extraits retenus")

    def __str__(self) -> str:
        return self.text[:60]


class ActionSource(models.TextChoices):
    SURVEY = "survey", _("questionnaires")
    BILAN = "bilan", _("réunion de bilan")
    COMPLAINT = "complaint", _("réclamation")
    SPEAKERS = "speakers", _("intervenant·es")
    PARTNERS = "partners", _("partenaires")
    AUDIT = "audit", _("audit qualité")
    OTHER = "other", _("autre")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("décidée")
    IN_PROGRESS = "in_progress", _("en cours")
    DONE = "done", _("réalisée")
    DROPPED = "dropped", _("abandonnée")


class ImprovementAction(models.Model):
    """An improvement decided for the programme. Decided in one cohort, it is carried to
    the next cohort of the same programme until it is done or dropped."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="improvement_actions"
    )
    origin_cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="improvement_actions"
    )
    # The cohort it has been carried to (the next one by first half-day), if any.
    carried_to = models.ForeignKey(
        "cohorts.Cohort",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_actions",
    )
    title = models.CharField(_("action"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("origine"), max_length=16, choices=ActionSource.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsable"),
    )
    due_on = models.DateField(_("échéance"))
    status = models.CharField(
        _("état"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    outcome = models.TextField(_("réalisation et effet constaté"), blank=True)
    done_on = models.DateField(_("réalisée le"), null=True, blank=True)
    complaint = models.ForeignKey(
        "quality.Complaint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action d'amélioration")
        verbose_name_plural = _("actions d'amélioration")

    def __str__(self) -> str:
        return self.title


class ComplaintChannel(models.TextChoices):
    EMAIL = "email", _("courriel")
    ORAL = "oral", _("oral")
    LETTER = "letter", _("courrier")
    SURVEY = "survey", _("questionnaire")
    OTHER = "other", _("autre")


class ComplainantRole(models.TextChoices):
    PARTICIPANT = "participant", _("auditeur·rice")
    SPEAKER = "speaker", _("intervenant·e")
    PARTNER = "partner", _("partenaire")
    FUNDER = "funder", _("financeur")
    EMPLOYER = "employer", _("employeur")
    OTHER = "other", _("autre")


class Complaint(models.Model):
    """A complaint or difficulty: who, what, the answer given, when it was closed."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="complaints"
    )
    received_on = models.DateField(_("reçue le"))
    channel = models.CharField(_("canal"), max_length=8, choices=ComplaintChannel.choices)
    complainant_role = models.CharField(
        _("émise par"), max_length=16, choices=ComplainantRole.choices
    )
    # Personal data: erased by the retention schedule, the rest of the entry is kept.
    complainant_name = models.CharField(_("nom"), max_length=200, blank=True)
    subject = models.CharField(_("objet"), max_length=250)
    description = models.TextField(_("description"))
    response = models.TextField(_("réponse apportée"), blank=True)
    responded_on = models.DateField(_("répondu le"), null=True, blank=True)
    closed_on = models.DateField(_("close le"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("réclamation")
        verbose_name_plural = _("réclamations")

    def __str__(self) -> str:
        return self.subject
