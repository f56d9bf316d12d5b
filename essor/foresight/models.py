"""Foresight studies: a participant's own (or a cohort exercise shared by a speaker),
holding the input of one tool and its last computed result.

The input is stored in exactly the shape the engine and `POST /api/foresight/<tool>`
take, so a study can be exported, imported and computed without translation.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Tool(models.TextChoices):
    MICMAC = "micmac", _("MICMAC — analyse structurelle")
    MACTOR = "mactor", _("MACTOR — jeu des acteurs")
    MORPHOL = "morphol", _("MORPHOL — analyse morphologique")
    SMIC = "smic", _("SMIC-Prob-Expert — probabilités des scénarios")


class Study(models.Model):
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="foresight_studies"
    )
    # The participant's own study; None for a cohort exercise led by a speaker.
    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="foresight_studies",
    )
    tool = models.CharField(_("outil"), max_length=8, choices=Tool.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    # A cohort exercise is visible to the cohort's participants once shared.
    shared = models.BooleanField(_("partagé avec la promotion"), default=False)
    data = models.JSONField(_("données"), default=dict)
    result = models.JSONField(_("résultat"), null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["cohort", "enrolment"])]
        verbose_name = _("étude prospective")
        verbose_name_plural = _("études prospectives")

    def __str__(self) -> str:
        return self.title
