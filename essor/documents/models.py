"""Documents produced for a whole cohort at once, as one zip archive.

There is no task queue: the batch is planned when it is asked for (the list of documents
to produce is fixed then, so the count never moves under the progress bar), and each
progress request renders the next few documents into the archive under a row lock.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from essor.core.storage import private_storage


class BatchKind(models.TextChoices):
    SHEETS = "sheets", _("feuilles d'émargement")
    CERTIFICATS = "certificats", _("certificats de réalisation")
    ATTESTATIONS = "attestations", _("attestations de fin de formation")
    ALL = "all", _("tous les documents")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    RUNNING = "running", _("en cours")
    DONE = "done", _("terminé")
    FAILED = "failed", _("échec")


class DocumentBatch(models.Model):
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="document_batches"
    )
    kind = models.CharField(_("documents"), max_length=16, choices=BatchKind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("demandé le"))
    updated_at = models.DateTimeField(_("mis à jour le"))
    # The plan, fixed at creation: [["sheet", slot_id], ["certificat", enrolment_id], …].
    items = models.JSONField(default=list)
    total = models.PositiveIntegerField(_("documents à produire"))
    done = models.PositiveIntegerField(_("documents produits"), default=0)
    status = models.CharField(
        _("état"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    file = models.FileField(
        _("archive"), storage=private_storage, upload_to="document-batches/", blank=True
    )
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lot de documents")
        verbose_name_plural = _("lots de documents")

    def __str__(self) -> str:
        return f"{self.cohort} — {self.get_kind_display()} — {self.done}/{self.total}"

    @property
    def finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)
