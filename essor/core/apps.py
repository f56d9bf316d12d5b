from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "essor.core"
    verbose_name = "Essor"
