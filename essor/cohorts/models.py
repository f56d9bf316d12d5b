"""A cohort is one dated edition of a programme (« CS26 2025 »)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        ordering = ["programme", "slug"]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")

    def __str__(self) -> str:
        return self.title
