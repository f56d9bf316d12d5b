"""Attendance evidence for every half-day (slot): signatures, countersignatures, the
status of record of each participant, and the append-only history of its corrections.

What an auditor looks for (regulation.md): for each half-day, the hours and the module,
the trainer's name and signature, each learner's signature. Nothing here is overwritten:
a correction adds an `AttendanceChange`; a signature is written once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essor.core.storage import private_storage


class SignInPolicy(models.Model):
    """How sign-in works for one cohort (defaults suit CS26)."""

    cohort = models.OneToOneField(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="sign_in_policy"
    )
    opens_minutes_before = models.PositiveSmallIntegerField(
        _("ouverture avant le début (minutes)"), default=15
    )
    code_step_seconds = models.PositiveSmallIntegerField(
        _("rotation du code (secondes)"), default=30
    )
    # Where the programme allows it, a participant may confirm presence without drawing.
    allow_confirmation = models.BooleanField(
        _("confirmation sans signature dessinée autorisée"), default=False
    )

    class Meta:
        verbose_name = _("règles d'émargement")
        verbose_name_plural = _("règles d'émargement")

    def __str__(self) -> str:
        return f"{self.cohort} — {self.opens_minutes_before} min / {self.code_step_seconds} s"


class SlotSpeaker(models.Model):
    """Who teaches a half-day (and countersigns it)."""

    slot = models.ForeignKey("programmes.Slot", on_delete=models.CASCADE, related_name="speakers")
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="taught_slots"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slot", "speaker"], name="slot_speaker_unique"),
        ]
        verbose_name = _("intervenant·e de la demi-journée")
        verbose_name_plural = _("intervenant·es des demi-journées")

    def __str__(self) -> str:
        return f"{self.speaker} — {self.slot}"


class SignatureMethod(models.TextChoices):
    DRAWN = "drawn", _("signature dessinée")
    CONFIRMATION = "confirmation", _("confirmation de présence")
    PAPER = "paper", _("feuille papier")


class Signature(models.Model):
    """A participant's own sign-in for a half-day: written once, never edited."""

    slot = models.ForeignKey("programmes.Slot", on_delete=models.PROTECT, related_name="signatures")
    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="signatures"
    )
    signed_at = models.DateTimeField(_("signée le"))
    method = models.CharField(_("mode"), max_length=16, choices=SignatureMethod.choices)
    # PNG of the drawn signature, kept privately; its hash finds identical images.
    image = models.FileField(
        _("image"), storage=private_storage, upload_to="signatures/", blank=True
    )
    image_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    user_agent = models.CharField(_("appareil"), max_length=400, blank=True)
    # A keyed hash (HMAC with the secret key) so the address is not stored, but two
    # signatures from one device can still be linked by the anomaly report.
    ip_hash = models.CharField(_("empreinte de l'adresse IP"), max_length=64, blank=True)
    via = models.CharField(_("canal"), max_length=8, default="web")  # web, api, paper

    class Meta:
        ordering = ["slot", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "enrolment"], name="signature_unique"),
        ]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.slot}"


class Countersignature(models.Model):
    """The speaker's (or coordination's) signature closing a half-day's sheet."""

    slot = models.OneToOneField(
        "programmes.Slot", on_delete=models.PROTECT, related_name="countersignature"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("contresignée le"))
    image = models.FileField(storage=private_storage, upload_to="countersignatures/", blank=True)
    image_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("contresignature")
        verbose_name_plural = _("contresignatures")

    def __str__(self) -> str:
        return f"{self.slot} — {self.signed_by}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("présent·e")
    LATE = "late", _("en retard")
    LEFT_EARLY = "left_early", _("parti·e en avance")
    EXCUSED = "excused", _("absence justifiée")
    ABSENT = "absent", _("absent·e")


class AttendanceRecord(models.Model):
    """The status of record of one participant for one half-day.

    Created by a signature (present) or by the roll call; every later change goes through
    a service that adds an `AttendanceChange` with who, when, before, after and why.
    """

    slot = models.ForeignKey("programmes.Slot", on_delete=models.PROTECT, related_name="attendance")
    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(_("statut"), max_length=16, choices=AttendanceStatus.choices)
    minutes_late = models.PositiveSmallIntegerField(_("minutes de retard"), default=0)
    minutes_left_early = models.PositiveSmallIntegerField(
        _("minutes de départ anticipé"), default=0
    )
    reason = models.TextField(_("motif"), blank=True)
    justification = models.FileField(
        _("justificatif"), storage=private_storage, upload_to="justifications/", blank=True
    )
    updated_at = models.DateTimeField(_("modifié le"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slot", "enrolment"], name="attendance_unique"),
        ]
        indexes = [models.Index(fields=["enrolment", "status"])]
        verbose_name = _("présence")
        verbose_name_plural = _("présences")

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.slot} — {self.get_status_display()}"


class AttendanceChange(models.Model):
    """Append-only history of an attendance record (the first entry is its creation)."""

    record = models.ForeignKey(AttendanceRecord, on_delete=models.PROTECT, related_name="changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    before = models.JSONField(default=dict)  # {} for the creation
    after = models.JSONField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("correction de présence")
        verbose_name_plural = _("corrections de présence")

    def __str__(self) -> str:
        return f"{self.record} @ {self.at:%Y-%m-%d %H:%M}"


class AbsenceNotice(models.Model):
    """A participant announcing an absence in advance (sent to coordination and tutor)."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="absence_notices"
    )
    slots = models.ManyToManyField("programmes.Slot", related_name="absence_notices")
    reason = models.TextField(_("motif"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("absence annoncée")
        verbose_name_plural = _("absences annoncées")

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.created_at:%Y-%m-%d}"


class PaperSheetScan(models.Model):
    """The signed paper sheet of a half-day, scanned and attached (fallback evidence)."""

    slot = models.ForeignKey(
        "programmes.Slot", on_delete=models.PROTECT, related_name="paper_scans"
    )
    file = models.FileField(storage=private_storage, upload_to="paper-sheets/")
    file_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("feuille papier numérisée")
        verbose_name_plural = _("feuilles papier numérisées")

    def __str__(self) -> str:
        return f"{self.slot} — {self.file_name}"
