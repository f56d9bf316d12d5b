from django.urls import path

from .views import calendar, public

app_name = "programmes"

urlpatterns = [
    path("", public.home, name="home"),
    path("programmes/<str:code>/", public.programme_detail, name="detail"),
    path(
        "cohorts/<slug:slug>/calendar.ics",
        calendar.cohort_calendar_ics,
        name="cohort-calendar",
    ),
]
