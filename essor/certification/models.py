"""Certification: derogations, the jury and its decisions, issued certificates (stored as
issued, never re-rendered), their Open Badges credentials, and interest in the Master.

Decisions and certificates are evidence: rows are added, never edited in place, except
a certificate's status (valid → superseded or revoked), which keeps its reason and date.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essor.core.storage import private_storage


class Derogation(models.Model):
    """The jury's leave to certify despite an (excused) absence from one half-day."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="derogations"
    )
    slot = models.ForeignKey("programmes.Slot", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("justification"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField()
    jury = models.ForeignKey(
        "certification.Jury",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derogations",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "slot"], name="derogation_unique"),
        ]
        verbose_name = _("dérogation")
        verbose_name_plural = _("dérogations")

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.slot}"


class Jury(models.Model):
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.PROTECT, related_name="juries")
    held_on = models.DateField(_("date du jury"))
    president = models.CharField(_("président·e du jury"), max_length=200)
    members = models.TextField(_("membres"), blank=True)
    signatory = models.CharField(_("signataire des certificats"), max_length=200)
    signatory_title = models.CharField(_("qualité du signataire"), max_length=200, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    minutes_pdf = models.FileField(storage=private_storage, upload_to="juries/", blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("jury")
        verbose_name_plural = _("jurys")

    def __str__(self) -> str:
        return f"{self.cohort} — {self.held_on:%Y-%m-%d}"


class Decision(models.TextChoices):
    AWARDED = "awarded", _("délivré")
    DEFERRED = "deferred", _("ajourné")
    REFUSED = "refused", _("refusé")


class JuryDecision(models.Model):
    """A decision for one participant; append-only (the latest one for a jury is in force)."""

    jury = models.ForeignKey(Jury, on_delete=models.PROTECT, related_name="decisions")
    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="jury_decisions"
    )
    decision = models.CharField(_("décision"), max_length=16, choices=Decision.choices)
    reasons = models.TextField(_("motifs"), blank=True)
    # What the jury had in front of it (eligibility and its reasons), kept as evidence.
    eligibility = models.JSONField(_("éligibilité au moment de la décision"), default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["jury", "enrolment", "decided_at", "id"]
        verbose_name = _("décision du jury")
        verbose_name_plural = _("décisions du jury")

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.get_decision_display()}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("valide")
    SUPERSEDED = "superseded", _("remplacé")
    REVOKED = "revoked", _("révoqué")


class Certificate(models.Model):
    """An issued certificate: what was printed is kept (snapshot fields and the PDF)."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="certificates"
    )
    decision = models.ForeignKey(
        JuryDecision, on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("numéro"), max_length=40, unique=True)
    # Random, not sequential, not guessable: the public key to the verification page.
    verification_code = models.CharField(_("code de vérification"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("délivré le"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Snapshot of what the certificate says, as issued.
    holder_name = models.CharField(_("titulaire"), max_length=300)
    programme_title = models.CharField(_("intitulé"), max_length=400)
    level_label = models.CharField(_("niveau"), max_length=200)
    first_day = models.DateField()
    last_day = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    jury_date = models.DateField()
    signatory = models.CharField(max_length=300)
    pdf = models.FileField(storage=private_storage, upload_to="certificates/")
    pdf_sha256 = models.CharField(max_length=64)
    credential_json = models.JSONField(_("Open Badge (JSON)"), default=dict, blank=True)
    credential_jwt = models.TextField(_("Open Badge (VC-JWT)"), blank=True)
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revocation_reason = models.TextField(_("motif de la révocation"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("certificat")
        verbose_name_plural = _("certificats")

    def __str__(self) -> str:
        return self.number


class MasterTrack(models.TextChoices):
    RESEARCH = "research", _("Recherche en travail social")
    ESS = "ess", _("Économie sociale et solidaire")
    POPULAR_EDUCATION = "popular_education", _("Éducation populaire")


class MasterInterest(models.Model):
    """A certificate holder's interest in the Master, and the track they would choose."""

    enrolment = models.OneToOneField(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="master_interest"
    )
    interested = models.BooleanField(_("intéressé·e"), default=True)
    track = models.CharField(
        _("parcours souhaité"), max_length=32, choices=MasterTrack.choices, blank=True
    )
    comment = models.TextField(_("commentaire"), blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("intérêt pour le Master")
        verbose_name_plural = _("intérêts pour le Master")

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.get_track_display() or '—'}"
