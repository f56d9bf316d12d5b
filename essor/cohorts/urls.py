from django.urls import path

from .views import applications, convocations, dashboards, enrolments

app_name = "cohorts"

urlpatterns: list = []

# Personal spaces and dashboards (one home per role).
urlpatterns += [
    path("home/", dashboards.my_home, name="my-home"),
    path("cohorts/<slug:slug>/me/", dashboards.participant_home, name="participant-home"),
    path("cohorts/<slug:slug>/dashboard/", dashboards.dashboard, name="dashboard"),
    path(
        "cohorts/<slug:slug>/enrolments/<int:enrolment_id>/tutor",
        dashboards.assign_tutor_view,
        name="assign-tutor",
    ),
    path("cohorts/<slug:slug>/export.csv", dashboards.export_csv, name="export-csv"),
    path("cohorts/<slug:slug>/export.xlsx", dashboards.export_xlsx, name="export-xlsx"),
    path("cohorts/<slug:slug>/speaker/", dashboards.speaker_home, name="speaker-home"),
    path("cohorts/<slug:slug>/tutor/", dashboards.tutor_home, name="tutor-home"),
    path("cohorts/<slug:slug>/partner/", dashboards.partner, name="partner"),
]

# Applications, admission, enrolments and convocations.
urlpatterns += [
    path("cohorts/<slug:slug>/apply/", applications.apply, name="apply"),
    path("cohorts/<slug:slug>/apply/done/", applications.apply_done, name="apply-done"),
    path(
        "cohorts/<slug:slug>/applications/",
        applications.application_list,
        name="applications",
    ),
    path(
        "cohorts/<slug:slug>/applications/<int:pk>/",
        applications.application_detail,
        name="application",
    ),
    path(
        "cohorts/<slug:slug>/applications/<int:pk>/cv",
        applications.application_cv,
        name="application-cv",
    ),
    path(
        "cohorts/<slug:slug>/enrolments/<int:pk>/",
        enrolments.enrolment_detail,
        name="enrolment",
    ),
    path(
        "cohorts/<slug:slug>/enrolments/<int:pk>/convocation.pdf",
        convocations.enrolment_convocation,
        name="enrolment-convocation",
    ),
    path(
        "cohorts/<slug:slug>/convocation.pdf",
        convocations.my_convocation,
        name="my-convocation",
    ),
    path(
        "cohorts/<slug:slug>/convocations/send",
        convocations.send,
        name="send-convocations",
    ),
]
