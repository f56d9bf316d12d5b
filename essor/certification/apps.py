from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "essor.certification"
    verbose_name = "Certification"
