from django.apps import AppConfig


class CourseworkConfig(AppConfig):
    name = "essor.coursework"
    verbose_name = "Travail personnel"
