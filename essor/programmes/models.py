"""A programme (CS26), its modules, and the dated half-days (slots) of each cohort.

Hours are never stored as typed: a module's and a cohort's hours are sums of slot
durations. The loader checks the programme's declared total against that sum.
"""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True, allow_unicode=False)
    title = models.CharField(_("intitulé"), max_length=300)
    certificate_name = models.CharField(_("nom du certificat"), max_length=300)
    institution = models.CharField(_("établissement"), max_length=200)
    level = models.PositiveSmallIntegerField(_("niveau RNCP"))
    level_label = models.CharField(_("niveau (libellé)"), max_length=200)
    summary = models.TextField(_("présentation"))
    declared_hours = models.PositiveSmallIntegerField(_("volume horaire déclaré"))
    # Free-form sections of the programme text, kept as ordered lists of French
    # sentences: they are shown, never computed on.
    audiences = models.JSONField(_("publics"), default=list)
    objectives = models.JSONField(_("apports pour les bénéficiaires"), default=list)
    certificate_aims = models.JSONField(_("visées du certificat"), default=list)
    follow_up = models.JSONField(_("modalités de suivi et de travail personnel"), default=list)
    teaching_approach = models.TextField(_("approche pédagogique"), blank=True)
    # {"statement_of_intent": {...}, "note": {...}, "tutoring": {...}}
    personal_work = models.JSONField(_("travail personnel"), default=dict)
    # {"text": "...", "requirements": ["attendance_all_slots", "note_accepted"]}
    certification = models.JSONField(_("règles de certification"), default=dict)
    # {"title": "...", "institution": "Cnam", "tracks": [...], "text": "..."}
    master = models.JSONField(_("master accessible"), default=dict)
    partners = models.JSONField(_("partenaires"), default=list)
    accessibility_contact = models.JSONField(_("référent·e handicap"), default=dict)
    day_hours = models.DecimalField(_("durée d'une journée (h)"), max_digits=4, decimal_places=2)
    half_day_hours = models.DecimalField(
        _("durée d'une demi-journée (h)"), max_digits=4, decimal_places=2
    )
    source_sha256 = models.CharField(_("empreinte du fichier source"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class ModuleKind(models.TextChoices):
    OPENING = "opening", _("Présentation de la formation")
    COURSE = "course", _("Journée de cours")
    TUTORING = "tutoring", _("Journée de tutorat")
    CLOSING = "closing", _("Bilan de la formation")


class ModuleFormat(models.TextChoices):
    DAY = "day", _("journée")
    HALF_DAY = "half_day", _("demi-journée")


class Module(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=300)
    kind = models.CharField(_("nature"), max_length=16, choices=ModuleKind.choices)
    format = models.CharField(_("format"), max_length=16, choices=ModuleFormat.choices)
    description = models.TextField(_("description"), blank=True)
    speakers = models.JSONField(_("intervenant·es annoncé·es"), default=list)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="module_number_unique"),
        ]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return f"Module {self.number} : {self.title}"


class Slot(models.Model):
    """A half-day of one cohort: the unit of attendance and of the calendar."""

    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="slots")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="slots")
    # Position within the module (1, 2, …), so that reloading a file updates slots in
    # place instead of replacing them (attendance will point at them).
    position = models.PositiveSmallIntegerField(_("rang dans le module"))
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "module", "position"], name="slot_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="slot_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["cohort", "start"])]
        verbose_name = _("demi-journée")
        verbose_name_plural = _("demi-journées")

    def __str__(self) -> str:
        return f"{self.module} — {self.start:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.end - self.start
