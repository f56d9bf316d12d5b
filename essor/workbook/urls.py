from django.urls import path

app_name = "workbook"

urlpatterns: list = []

# --- workbook pages ---
from django.urls import register_converter  # noqa: E402

from .views import reading as _reading  # noqa: E402
from .views import records as _records  # noqa: E402
from .views import sections as _sections  # noqa: E402


class _SectionCode:
    """A–H only, so that other workbook URLs (export/, import/…) never reach a section."""

    regex = "[A-H]"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(_SectionCode, "wbsection")

urlpatterns += [
    path("cohorts/<slug:slug>/workbook/", _sections.home, name="home"),
    path("cohorts/<slug:slug>/workbook/<wbsection:code>/", _sections.section, name="section"),
    path(
        "cohorts/<slug:slug>/workbook/<wbsection:code>/autosave",
        _sections.autosave,
        name="autosave",
    ),
    path("cohorts/<slug:slug>/workbook/<wbsection:code>/fields", _sections.fields, name="fields"),
    path("cohorts/<slug:slug>/workbook/<wbsection:code>/status", _sections.status, name="status"),
    path(
        "cohorts/<slug:slug>/workbook/<wbsection:code>/<str:kind>/add",
        _records.record_add,
        name="record-add",
    ),
    path(
        "cohorts/<slug:slug>/workbook/<wbsection:code>/<str:kind>/<int:record_id>/delete",
        _records.record_delete,
        name="record-delete",
    ),
    path("workbook/<int:enrolment_id>/", _reading.read, name="read"),
    path(
        "workbook/<int:enrolment_id>/<wbsection:code>/",
        _reading.read_section,
        name="read-section",
    ),
]

# --- around the workbook: parameters, comments, personal data, cohort overview ---
from .views import around as _around  # noqa: E402

urlpatterns += [
    path("workbook/parametres/", _around.parameters, name="parameters"),
    path("workbook/<int:enrolment_id>/<str:code>/comments", _around.comment, name="comment"),
    path(
        "cohorts/<slug:slug>/workbook/donnees-personnelles/",
        _around.personal_data_page,
        name="personal-data",
    ),
    path("cohorts/<slug:slug>/workbooks/", _around.overview, name="overview"),
]

# --- CSV import of volunteer hours (compute part) ---
from .views import imports as _imports  # noqa: E402

urlpatterns += [
    path(
        "cohorts/<slug:slug>/workbook/D/import",
        _imports.volunteer_import,
        name="volunteer-import",
    ),
]

# --- exports: the workbook PDF (charts part) ---
from .views import exports as _exports  # noqa: E402

urlpatterns += [
    path("cohorts/<slug:slug>/workbook/export.pdf", _exports.own_pdf, name="pdf"),
    path("workbook/<int:enrolment_id>/export.pdf", _exports.read_pdf, name="read-pdf"),
]

# --- workbook pages (key issues of the synthesis) ---
urlpatterns += [
    path(
        "cohorts/<slug:slug>/workbook/E/swot/<int:record_id>/key-issue",
        _records.swot_key_issue,
        name="swot-key-issue",
    ),
]
