from django.urls import path

from .views import my_data, retention

app_name = "privacy"

urlpatterns: list = [
    path("mes-donnees/", my_data.my_data, name="my-data"),
    path("mes-donnees/export.zip", my_data.export, name="export"),
    path("mes-donnees/effacement/", my_data.erase, name="erase"),
    path("donnees/conservation/", retention.retention, name="retention"),
]
