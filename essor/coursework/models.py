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
