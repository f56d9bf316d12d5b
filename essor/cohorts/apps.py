from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "essor.cohorts"
    verbose_name = "Promotions"
