from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "essor.documents"
    verbose_name = "Documents"
