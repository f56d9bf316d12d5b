from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "essor.attendance"
    verbose_name = "Émargement"
