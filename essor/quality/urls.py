from django.urls import path

app_name = "quality"

urlpatterns: list = []

# --- Quality evidence (q2) ---
from essor.quality.views import evidence as evidence_views  # noqa: E402

urlpatterns += [
    path("cohorts/<slug:slug>/qualite/", evidence_views.evidence, name="evidence"),
    path(
        "cohorts/<slug:slug>/qualite/preuves.zip",
        evidence_views.evidence_zip,
        name="evidence-zip",
    ),
]

# --- Bilan, actions, complaints, public results (q1) ---
from essor.quality.views import actions as action_views  # noqa: E402
from essor.quality.views import bilan as bilan_views  # noqa: E402
from essor.quality.views import complaints as complaint_views  # noqa: E402
from essor.quality.views import public as public_views  # noqa: E402

urlpatterns += [
    path("cohorts/<slug:slug>/bilan/", bilan_views.bilan, name="bilan"),
    path("cohorts/<slug:slug>/bilan/modifier", bilan_views.bilan_edit, name="bilan-edit"),
    path("cohorts/<slug:slug>/bilan/partager", bilan_views.bilan_publish, name="bilan-publish"),
    path("cohorts/<slug:slug>/bilan.pdf", bilan_views.bilan_pdf, name="bilan-pdf"),
    path("cohorts/<slug:slug>/bilan/extraits/", bilan_views.highlights, name="highlights"),
    path(
        "cohorts/<slug:slug>/bilan/extraits/retenir",
        bilan_views.highlight_add,
        name="highlight-add",
    ),
    path(
        "cohorts/<slug:slug>/bilan/extraits/<int:pk>/retirer",
        bilan_views.highlight_delete,
        name="highlight-delete",
    ),
    path("cohorts/<slug:slug>/actions/", action_views.actions, name="actions"),
    path("cohorts/<slug:slug>/actions/nouvelle", action_views.action_new, name="action-new"),
    path("cohorts/<slug:slug>/actions/reporter", action_views.actions_carry, name="actions-carry"),
    path("cohorts/<slug:slug>/actions/<int:pk>/", action_views.action, name="action"),
    path("cohorts/<slug:slug>/reclamations/", complaint_views.complaints, name="complaints"),
    path(
        "cohorts/<slug:slug>/reclamations/nouvelle",
        complaint_views.complaint_new,
        name="complaint-new",
    ),
    path(
        "cohorts/<slug:slug>/reclamations/export.csv",
        complaint_views.complaints_csv,
        name="complaints-csv",
    ),
    path("cohorts/<slug:slug>/reclamations/<int:pk>/", complaint_views.complaint, name="complaint"),
    path("programmes/<str:code>/resultats/", public_views.public_results, name="public-results"),
]
