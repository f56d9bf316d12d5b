from django.urls import path

app_name = "foresight"

urlpatterns: list = []

# --- pages: studies, editor, import/export, workbook variables (helper "pages") ---
from .views import io as _io  # noqa: E402
from .views import studies as _studies  # noqa: E402

urlpatterns += [
    path("cohorts/<slug:slug>/prospective/", _studies.study_list, name="list"),
    path("cohorts/<slug:slug>/prospective/nouvelle", _studies.create, name="create"),
    path("prospective/<int:study_id>/", _studies.study_page, name="study"),
    path("prospective/<int:study_id>/import", _io.import_file, name="import"),
    path("prospective/<int:study_id>/export.<str:fmt>", _io.export, name="export"),
    path("prospective/<int:study_id>/variables", _studies.variables, name="variables"),
    path("prospective/<int:study_id>/partager", _studies.share, name="share"),
    path("prospective/<int:study_id>/copier", _studies.copy, name="copy"),
    path("prospective/<int:study_id>/supprimer", _studies.delete, name="delete"),
]

# --- the PDF report of a study (helper "api+charts") ---
from .views import report as _report  # noqa: E402

urlpatterns += [
    path("prospective/<int:study_id>/rapport.pdf", _report.report, name="report"),
]
