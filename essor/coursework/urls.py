from django.urls import path

from .views import editor, files, presentations, reading, shared

app_name = "coursework"

urlpatterns = [
    # The participant's own statement.
    path("cohorts/<slug:slug>/statement/", editor.statement_edit, name="statement-edit"),
    path(
        "cohorts/<slug:slug>/statement/preview",
        editor.statement_preview,
        name="statement-preview",
    ),
    path(
        "cohorts/<slug:slug>/statement/autosave",
        editor.statement_autosave,
        name="statement-autosave",
    ),
    path("cohorts/<slug:slug>/statement/file", editor.statement_upload, name="statement-upload"),
    path("cohorts/<slug:slug>/statement/submit", editor.statement_submit, name="statement-submit"),
    path(
        "cohorts/<slug:slug>/statement/sharing",
        editor.statement_sharing,
        name="statement-sharing",
    ),
    # Shared with the cohort.
    path(
        "cohorts/<slug:slug>/statements/shared/",
        shared.shared_statements,
        name="statements-shared",
    ),
    path(
        "cohorts/<slug:slug>/statements/shared/<int:enrolment_id>/file",
        files.shared_statement_file,
        name="statement-shared-file",
    ),
    # Reading one participant's statement (themselves, their tutor, the coordination).
    path("statements/<int:enrolment_id>/", reading.statement_detail, name="statement-detail"),
    path(
        "statements/<int:enrolment_id>/comments",
        reading.statement_comment,
        name="statement-comment",
    ),
    path("statements/<int:enrolment_id>/file", files.statement_file, name="statement-file"),
    path(
        "statements/<int:enrolment_id>/versions/<int:number>/",
        reading.statement_version,
        name="statement-version",
    ),
    # Module 1 presentations (coordination).
    path(
        "cohorts/<slug:slug>/presentations/",
        presentations.presentations,
        name="presentations",
    ),
    path(
        "cohorts/<slug:slug>/presentations/move",
        presentations.presentations_move,
        name="presentations-move",
    ),
]
