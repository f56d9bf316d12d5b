from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForesightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essor.foresight"
    verbose_name = _("prospective")
