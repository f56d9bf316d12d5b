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

# Personal work: the coordinator's overview, the tutor's changes, the participant's timeline.
from .views import overview as overview_views  # noqa: E402
from .views import timeline as timeline_views  # noqa: E402

urlpatterns += [
    path(
        "cohorts/<slug:slug>/personal-work/",
        overview_views.overview,
        name="overview",
    ),
    path(
        "cohorts/<slug:slug>/personal-work.xlsx",
        overview_views.overview_xlsx,
        name="overview-xlsx",
    ),
    path(
        "cohorts/<slug:slug>/tutor/personal-work/",
        overview_views.tutor_changes,
        name="tutor-changes",
    ),
    path(
        "cohorts/<slug:slug>/tutor/personal-work/<int:enrolment_id>/seen",
        overview_views.tutor_changes_seen,
        name="tutor-changes-seen",
    ),
    path("cohorts/<slug:slug>/my/personal-work/", timeline_views.timeline, name="timeline"),
]

# The problem statement and the note (≈ 20 pages).
from .views import note as note_views  # noqa: E402
from .views import problem as problem_views  # noqa: E402

urlpatterns += [
    path("cohorts/<slug:slug>/problem/", problem_views.problem_statement, name="problem"),
    path(
        "enrolments/<int:enrolment_id>/problem/",
        problem_views.problem_detail,
        name="problem-detail",
    ),
    path(
        "problem-versions/<int:version_id>/comments",
        problem_views.problem_comment,
        name="problem-comment",
    ),
    path("cohorts/<slug:slug>/note/", note_views.note, name="note"),
    path("cohorts/<slug:slug>/note/settings/", note_views.note_settings, name="note-settings"),
    path(
        "cohorts/<slug:slug>/note/skeleton.docx",
        note_views.note_skeleton_docx,
        name="note-skeleton-docx",
    ),
    path(
        "cohorts/<slug:slug>/note/skeleton.pdf",
        note_views.note_skeleton_pdf,
        name="note-skeleton-pdf",
    ),
    path("enrolments/<int:enrolment_id>/note/", note_views.note_detail, name="note-detail"),
    path(
        "enrolments/<int:enrolment_id>/note/assessment",
        note_views.note_assessment,
        name="note-assessment",
    ),
    path(
        "note-versions/<int:version_id>/file",
        note_views.note_version_file,
        name="note-version-file",
    ),
    path("note-versions/<int:version_id>/feedback", note_views.note_feedback, name="note-feedback"),
    path(
        "note-feedback/<int:feedback_id>/file",
        note_views.note_feedback_file,
        name="note-feedback-file",
    ),
]

# Tutoring days (schedule, calendar, records) and the module 13 oral presentations.
from .views import orals as oral_views  # noqa: E402
from .views import tutoring as tutoring_views  # noqa: E402

urlpatterns += [
    path(
        "cohorts/<slug:slug>/tutoring/calendar.ics",
        tutoring_views.tutoring_ics,
        name="tutoring-ics",
    ),
    path(
        "cohorts/<slug:slug>/tutoring/<int:module>/",
        tutoring_views.tutoring_day,
        name="tutoring-day",
    ),
    path(
        "cohorts/<slug:slug>/tutoring/<int:module>/generate",
        tutoring_views.tutoring_generate,
        name="tutoring-generate",
    ),
    path(
        "cohorts/<slug:slug>/tutoring/<int:module>/sessions/<int:session_id>",
        tutoring_views.tutoring_session_edit,
        name="tutoring-session",
    ),
    path(
        "enrolments/<int:enrolment_id>/tutoring/<int:module>/",
        tutoring_views.tutoring_record,
        name="tutoring-record",
    ),
    path("cohorts/<slug:slug>/orals/", oral_views.orals, name="orals"),
    path("cohorts/<slug:slug>/orals/generate", oral_views.orals_generate, name="orals-generate"),
    path("cohorts/<slug:slug>/orals/move", oral_views.orals_move, name="orals-move"),
    path("enrolments/<int:enrolment_id>/oral/", oral_views.oral, name="oral"),
    path("enrolments/<int:enrolment_id>/oral/send", oral_views.oral_send, name="oral-send"),
]
