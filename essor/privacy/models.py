"""How long each kind of personal record is kept, what happens when that time is up,
and the log of what was purged or erased (RGPD; funders' retention rules)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    # Under a legal retention: funders' rules (3, 6 or 10 years), never purged earlier.
    ATTENDANCE = "attendance", _("preuves d'assiduité (signatures, feuilles, corrections)")
    CERTIFICATES = "certificates", _("certificats et décisions du jury")
    # Other personal data: shorter.
    APPLICATIONS = "applications", _("candidatures non retenues (dont CV)")
    ENROLMENT_FILES = "enrolment_files", _("candidatures retenues : CV et coordonnées")
    COURSEWORK = "coursework", _("travaux : note d'intention, problématique, note, tutorat")
    WORKBOOK = "workbook", _("cahier de diagnostic et études prospectives")
    INTERVIEWS = "interviews", _("entretiens et bénévoles cités dans le cahier")
    COMPLAINTS = "complaints", _("nom des auteur·rices de réclamations")
    SIGN_IN_TRACES = "sign_in_traces", _("traces techniques d'émargement (navigateur, IP)")
    ACCOUNTS = "accounts", _("comptes inactifs")


class RetentionAction(models.TextChoices):
    DELETE = "delete", _("supprimer")
    ANONYMISE = "anonymise", _("anonymiser")


class RetentionRule(models.Model):
    """One line of the retention schedule. The period runs from the cohort's last
    half-day (from the decision for an application not retained; from the last login
    for an inactive account)."""

    kind = models.CharField(_("catégorie"), max_length=20, choices=RecordKind.choices, unique=True)
    months = models.PositiveSmallIntegerField(_("durée de conservation (mois)"))
    action = models.CharField(_("à l'échéance"), max_length=10, choices=RetentionAction.choices)
    # A legal retention: the funders' rules below may lengthen it, an erasure request
    # cannot shorten it.
    legal = models.BooleanField(_("obligation légale"), default=False)
    basis = models.CharField(_("fondement"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("règle de conservation")
        verbose_name_plural = _("règles de conservation")

    def __str__(self) -> str:
        return self.get_kind_display()


class FunderRetention(models.Model):
    """Attendance evidence and certificates of a participant financed this way are kept
    at least this long (the longest of the rule and this applies)."""

    funding = models.CharField(_("financement"), max_length=16, unique=True)
    months = models.PositiveSmallIntegerField(_("durée de conservation (mois)"))
    basis = models.CharField(_("fondement"), max_length=300, blank=True)

    class Meta:
        ordering = ["funding"]
        verbose_name = _("durée exigée par un financeur")
        verbose_name_plural = _("durées exigées par les financeurs")

    def __str__(self) -> str:
        return f"{self.funding} — {self.months}"


class PurgeRun(models.Model):
    """What one run of the purge did (or would have done, for a dry run): counts per
    kind, never the personal data itself."""

    ran_at = models.DateTimeField(auto_now_add=True)
    dry_run = models.BooleanField(default=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-ran_at"]
        verbose_name = _("purge")
        verbose_name_plural = _("purges")

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M}{' (simulation)' if self.dry_run else ''}"


class ErasureRequest(models.Model):
    """A participant's request to erase their data: what was anonymised, what is kept
    and until when (kept after the account itself is anonymised, as the proof)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # {"erased": [{"kind", "label", "count"}], "kept": [{"kind", "label", "until"}]}
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("demande d'effacement")
        verbose_name_plural = _("demandes d'effacement")

    def __str__(self) -> str:
        return f"{self.pk} — {self.requested_at:%Y-%m-%d}"
