from django.contrib import admin
from django.urls import include, path

from essor.api.api import api

urlpatterns = [
    path("", include("essor.programmes.urls")),
    path("", include("essor.accounts.urls")),
    path("", include("essor.cohorts.urls")),
    path("", include("essor.coursework.urls")),
    path("", include("essor.attendance.urls")),
    path("", include("essor.certification.urls")),
    path("", include("essor.workbook.urls")),
    path("", include("essor.foresight.urls")),
    path("", include("essor.surveys.urls")),
    path("", include("essor.quality.urls")),
    path("", include("essor.privacy.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
