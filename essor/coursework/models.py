"""Personal work. First piece: the statement of intent (note d'intention, 1–2 pages),
written before module 1 and presented to the cohort there."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essor.cohorts.models import EnrolmentStatus
from essor.core.storage import private_storage

# Who writes a statement and presents it at module 1 (a withdrawn participant does not).
PRESENTING = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED)


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("remise")


class StatementOfIntent(models.Model):
    """The current state of a participant's statement; every saved state is a version.

    "En retard" is not stored: it is derived from the submission time and the deadline
    (the start of module 1), so it can never disagree with them.
    """

    enrolment = models.OneToOneField(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="statement"
    )
    body = models.TextField(_("texte (Markdown)"), blank=True)
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to="statements/", blank=True
    )
    file_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    file_kind = models.CharField(_("format"), max_length=8, blank=True)  # pdf, docx, odt
    file_pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    file_size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    # Words of a DOCX or ODT file, for the length estimate (a PDF gives its pages instead).
    file_words = models.PositiveIntegerField(_("mots du fichier"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("remise le"), null=True, blank=True)
    shared_with_cohort = models.BooleanField(_("partagée avec la promotion"), default=False)
    # Order of the oral presentations at module 1, set by the coordinator.
    presentation_rank = models.PositiveSmallIntegerField(
        _("ordre de passage"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("note d'intention")
        verbose_name_plural = _("notes d'intention")

    def __str__(self) -> str:
        return f"Note d'intention — {self.enrolment}"


class StatementVersion(models.Model):
    """An append-only snapshot, taken at each explicit save, upload and submission."""

    statement = models.ForeignKey(
        StatementOfIntent, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(blank=True)
    file = models.FileField(storage=private_storage, upload_to="statements/versions/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_kind = models.CharField(max_length=8, blank=True)
    file_pages = models.PositiveIntegerField(null=True, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    # The size of the text, shown in the version history (« 640 mots »).
    words = models.PositiveIntegerField(_("mots"), default=0)
    submitted = models.BooleanField(_("version remise"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Set by the services from `clock.now()` (not auto_now_add, which would ignore it), so
    # the history agrees with `submitted_at` when the clock is frozen or the demo back-dated.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["statement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "number"], name="statement_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement} — v{self.number}"


class StatementComment(models.Model):
    statement = models.ForeignKey(
        StatementOfIntent, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("commentaire"))
    created_at = models.DateTimeField(default=timezone.now)  # from clock.now(), see above

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")

    def __str__(self) -> str:
        return f"{self.author} — {self.created_at:%Y-%m-%d}"


# --- The problem statement and the note (≈ 20 pages) --------------------------------


class ProblemStatementOrigin(models.TextChoices):
    STATEMENT = "statement", _("issue de la note d'intention")
    TUTORING = "tutoring", _("après une journée de tutorat")
    REVISION = "revision", _("révision")


class ProblemStatementVersion(models.Model):
    """A dated version of a participant's problem statement (problématique); append-only."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="problem_statements"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("problématique"))
    origin = models.CharField(_("origine"), max_length=16, choices=ProblemStatementOrigin.choices)
    # The tutoring day after which this version was written (module 9, 11 or 13).
    tutoring_module = models.PositiveSmallIntegerField(
        _("journée de tutorat"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enrolment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "number"], name="problem_statement_version_unique"
            ),
        ]
        verbose_name = _("version de la problématique")
        verbose_name_plural = _("versions de la problématique")

    def __str__(self) -> str:
        return f"{self.enrolment} — problématique v{self.number}"


class ProblemStatementComment(models.Model):
    version = models.ForeignKey(
        ProblemStatementVersion, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("commentaire"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("commentaire sur la problématique")
        verbose_name_plural = _("commentaires sur la problématique")

    def __str__(self) -> str:
        return f"{self.author} — {self.created_at:%Y-%m-%d}"


class NoteSettings(models.Model):
    """The cohort's deadline for the final note, set by the coordination."""

    cohort = models.OneToOneField(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="note_settings"
    )
    final_deadline = models.DateTimeField(_("date limite de remise de la note finale"))
    target_pages = models.PositiveSmallIntegerField(_("nombre de pages attendu"), default=20)

    class Meta:
        verbose_name = _("réglages de la note")
        verbose_name_plural = _("réglages de la note")

    def __str__(self) -> str:
        return f"{self.cohort} — {self.final_deadline:%Y-%m-%d}"


class NoteVersion(models.Model):
    """An uploaded draft or the final note; every upload is kept with its size and length."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="note_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(storage=private_storage, upload_to="notes/")
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    file_kind = models.CharField(_("format"), max_length=8)  # pdf, docx, odt
    file_size = models.PositiveIntegerField(_("taille (octets)"))
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    words = models.PositiveIntegerField(_("mots"), null=True, blank=True)
    is_final = models.BooleanField(_("version finale"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enrolment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "number"], name="note_version_unique"),
        ]
        verbose_name = _("version de la note")
        verbose_name_plural = _("versions de la note")

    def __str__(self) -> str:
        return f"{self.enrolment} — note v{self.number}"


class FeedbackStatus(models.TextChoices):
    REWORK = "rework", _("à retravailler")
    ON_TRACK = "on_track", _("en bonne voie")
    READY = "ready", _("prête")


class NoteFeedback(models.Model):
    """The tutor's feedback on one version of the note."""

    version = models.ForeignKey(NoteVersion, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("commentaire général"))
    status = models.CharField(_("appréciation"), max_length=16, choices=FeedbackStatus.choices)
    annotated_file = models.FileField(
        storage=private_storage, upload_to="notes/annotated/", blank=True
    )
    annotated_file_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("retour sur la note")
        verbose_name_plural = _("retours sur la note")

    def __str__(self) -> str:
        return f"{self.version} — {self.get_status_display()}"


class NoteDecision(models.TextChoices):
    ACCEPTED = "accepted", _("acceptée")
    REWORK = "rework", _("à reprendre")
    REFUSED = "refused", _("refusée")


class NoteAssessment(models.Model):
    """The assessment of the final note with its grid. Append-only: a later assessment
    supersedes an earlier one; certification reads the latest ("acceptée")."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="note_assessments"
    )
    version = models.ForeignKey(NoteVersion, on_delete=models.PROTECT, related_name="assessments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # {"problem_statement": 0-4, "diagnostic": …, "method": …, "writing": …, "recommendations": …}
    grid = models.JSONField(_("grille"))
    decision = models.CharField(_("décision"), max_length=16, choices=NoteDecision.choices)
    reasons = models.TextField(_("motifs"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enrolment", "created_at", "id"]
        verbose_name = _("évaluation de la note")
        verbose_name_plural = _("évaluations de la note")

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.get_decision_display()}"


# --- Tutoring days and oral presentations ----------------------------------------------


class TutoringSessionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("entretien individuel")
    GROUP = "group", _("temps collectif")


class TutoringSession(models.Model):
    """A block of a tutoring day's schedule: a tutor with one participant or a group."""

    slot = models.ForeignKey(
        "programmes.Slot", on_delete=models.CASCADE, related_name="tutoring_sessions"
    )
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("nature"), max_length=16, choices=TutoringSessionKind.choices)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    participants = models.ManyToManyField("cohorts.Enrolment", related_name="tutoring_sessions")

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="tutoring_session_ends_after_start",
            ),
        ]
        verbose_name = _("créneau de tutorat")
        verbose_name_plural = _("créneaux de tutorat")

    def __str__(self) -> str:
        return f"{self.tutor} — {self.start:%Y-%m-%d %H:%M}"


class TutoringRecord(models.Model):
    """What a tutoring day established for one participant (one per participant per day)."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="tutoring_records"
    )
    module = models.ForeignKey("programmes.Module", on_delete=models.PROTECT, related_name="+")
    problem_statement_defined = models.BooleanField(_("problématique définie"), default=False)
    outline_done = models.BooleanField(_("plan établi"), default=False)
    draft_percent = models.PositiveSmallIntegerField(_("avancement de la rédaction (%)"), default=0)
    diagnostic_sections_done = models.JSONField(_("sections du diagnostic terminées"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    # [{"text": "...", "due": "YYYY-MM-DD"}]
    next_steps = models.JSONField(_("prochaines étapes"), default=list)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="tutoring_record_unique"),
            models.CheckConstraint(
                condition=models.Q(draft_percent__lte=100), name="tutoring_record_percent"
            ),
        ]
        verbose_name = _("fiche de tutorat")
        verbose_name_plural = _("fiches de tutorat")

    def __str__(self) -> str:
        return f"{self.enrolment} — module {self.module.number}"


class OralPresentation(models.Model):
    """A participant's oral presentation of the note at the third tutoring day."""

    enrolment = models.OneToOneField(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="oral_presentation"
    )
    rank = models.PositiveSmallIntegerField(_("ordre de passage"))
    start = models.DateTimeField(_("début"), null=True, blank=True)
    end = models.DateTimeField(_("fin"), null=True, blank=True)
    # Same criteria as the note's grid, filled in during the presentation.
    grid = models.JSONField(_("grille"), default=dict)
    feedback = models.TextField(_("retours méthodologiques"), blank=True)
    feedback_sent_at = models.DateTimeField(_("retours envoyés le"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["rank"]
        verbose_name = _("présentation orale")
        verbose_name_plural = _("présentations orales")

    def __str__(self) -> str:
        return f"{self.enrolment} — passage {self.rank}"


class LastSeen(models.Model):
    """When a tutor last looked at a participant's work: "what changed since"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey("cohorts.Enrolment", on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "enrolment"], name="last_seen_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.enrolment} @ {self.seen_at:%Y-%m-%d %H:%M}"
