from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "essor.programmes"
    verbose_name = "Programmes"
