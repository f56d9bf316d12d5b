from django.urls import path

app_name = "attendance"

urlpatterns: list = []

# Sign-in: the speaker's projection (QR code), the participant's sign page, the
# countersignature.
from .views import countersign as _countersign  # noqa: E402
from .views import signin as _signin  # noqa: E402

urlpatterns += [
    path("slots/<int:slot_id>/projection/", _signin.projection, name="projection"),
    path("slots/<int:slot_id>/projection/code", _signin.projection_code, name="projection-code"),
    path("slots/<int:slot_id>/sign/", _signin.sign, name="sign"),
    path("slots/<int:slot_id>/countersign/", _countersign.countersign, name="countersign"),
]

# The coordinator's grid and its exports, the speaker assignment, a participant's own page.
from .views import grid as _grid  # noqa: E402
from .views import participant as _participant  # noqa: E402
from .views import speakers as _speakers  # noqa: E402

urlpatterns += [
    path("cohorts/<slug:slug>/attendance/", _grid.grid, name="grid"),
    path("cohorts/<slug:slug>/attendance.csv", _grid.grid_csv, name="grid-csv"),
    path("cohorts/<slug:slug>/attendance.xlsx", _grid.grid_xlsx, name="grid-xlsx"),
    path("cohorts/<slug:slug>/attendance/speakers/", _speakers.assign, name="speakers"),
    path(
        "cohorts/<slug:slug>/my/attendance/",
        _participant.my_attendance,
        name="my-attendance",
    ),
]

# Roll call and corrections, a record's history, absences announced ahead, anomalies.
from .views import absences as _absences  # noqa: E402
from .views import anomalies as _anomalies  # noqa: E402
from .views import rollcall as _rollcall  # noqa: E402

urlpatterns += [
    path("slots/<int:slot_id>/roll-call/", _rollcall.roll_call, name="roll-call"),
    path("attendance/records/<int:record_id>/", _rollcall.record_detail, name="record"),
    path(
        "attendance/records/<int:record_id>/justification",
        _rollcall.record_justification,
        name="record-justification",
    ),
    path("cohorts/<slug:slug>/absences/new/", _absences.absence_new, name="absence-new"),
    path("cohorts/<slug:slug>/absences/", _absences.absences, name="absences"),
    path("cohorts/<slug:slug>/attendance/anomalies/", _anomalies.anomalies, name="anomalies"),
]

# Attendance documents: a half-day's sheets and paper scans, a participant's certificat de
# réalisation and attestation, the coordination's documents page and its batches.
from .views import batches as _batches  # noqa: E402
from .views import documents as _documents  # noqa: E402
from .views import scans as _scans  # noqa: E402

urlpatterns += [
    path("slots/<int:slot_id>/sheet.pdf", _documents.sheet, name="sheet"),
    path("slots/<int:slot_id>/blank-sheet.pdf", _documents.blank_sheet, name="blank-sheet"),
    path("slots/<int:slot_id>/scans/", _scans.slot_scans, name="scans"),
    path("slots/<int:slot_id>/scans/<int:scan_id>", _scans.scan_file, name="scan-file"),
    path(
        "cohorts/<slug:slug>/enrolments/<int:enrolment_id>/certificat-realisation.pdf",
        _documents.enrolment_certificat,
        name="certificat-realisation",
    ),
    path(
        "cohorts/<slug:slug>/my/certificat-realisation.pdf",
        _documents.my_certificat,
        name="my-certificat-realisation",
    ),
    path(
        "cohorts/<slug:slug>/enrolments/<int:enrolment_id>/attestation.pdf",
        _documents.enrolment_attestation,
        name="attestation",
    ),
    path(
        "cohorts/<slug:slug>/my/attestation.pdf",
        _documents.my_attestation,
        name="my-attestation",
    ),
    path("cohorts/<slug:slug>/documents/", _batches.documents_page, name="documents"),
    path(
        "cohorts/<slug:slug>/documents/batches/<int:batch_id>/progress",
        _batches.batch_progress,
        name="batch-progress",
    ),
    path(
        "cohorts/<slug:slug>/documents/batches/<int:batch_id>/download",
        _batches.batch_download,
        name="batch-download",
    ),
]
