from django.urls import path

app_name = "certification"

urlpatterns: list = []

# Issued certificates and their public verification.
from .views import certificates as certificate_views  # noqa: E402
from .views import verify as verify_views  # noqa: E402

urlpatterns += [
    path("verify/<str:code>/", verify_views.verify, name="verify"),
    path(
        "cohorts/<slug:slug>/my/certificates/",
        certificate_views.my_certificates,
        name="my-certificates",
    ),
    path(
        "certificates/<str:number>/certificate.pdf",
        certificate_views.certificate_pdf,
        name="certificate-pdf",
    ),
    path("cohorts/<slug:slug>/certificates/", certificate_views.certificates, name="certificates"),
    path(
        "cohorts/<slug:slug>/certificates/certificats.zip",
        certificate_views.certificates_zip,
        name="certificates-zip",
    ),
    path(
        "cohorts/<slug:slug>/certificates/<int:certificate_id>/revoke",
        certificate_views.revoke,
        name="certificate-revoke",
    ),
    path(
        "cohorts/<slug:slug>/certificates/<int:certificate_id>/reissue",
        certificate_views.reissue,
        name="certificate-reissue",
    ),
]

# Eligibility: the participant's own view of the rule and what blocks.
from .views import eligibility as eligibility_views  # noqa: E402

urlpatterns += [
    path(
        "cohorts/<slug:slug>/my/certificate/",
        eligibility_views.my_eligibility,
        name="my-eligibility",
    ),
]

# Open Badges 3.0 (issuer documents, verifier, downloads) and the route to the Master.
from .views import badges as badge_views  # noqa: E402
from .views import master as master_views  # noqa: E402

urlpatterns += [
    path("badges/issuer", badge_views.issuer, name="issuer"),
    path("badges/jwks.json", badge_views.jwks, name="jwks"),
    path("badges/achievements/<str:code>", badge_views.achievement, name="achievement"),
    path("badges/revocations", badge_views.revocations, name="revocations"),
    path("badges/verify/", badge_views.verify, name="badge-verify"),
    path(
        "certificates/<str:number>/credential.json",
        badge_views.credential_json,
        name="credential-json",
    ),
    path(
        "certificates/<str:number>/credential.jwt",
        badge_views.credential_jwt,
        name="credential-jwt",
    ),
    path("cohorts/<slug:slug>/master/", master_views.master_page, name="master"),
    path(
        "cohorts/<slug:slug>/master/export.xlsx",
        master_views.master_export,
        name="master-export",
    ),
]

# The jury: opening, the sheet with the evidence, decisions, derogations, minutes.
from .views import jury as jury_views  # noqa: E402

urlpatterns += [
    path("cohorts/<slug:slug>/juries/", jury_views.juries, name="juries"),
    path("juries/<int:jury_id>/", jury_views.jury, name="jury"),
    path(
        "juries/<int:jury_id>/participants/<int:enrolment_id>/decision",
        jury_views.decide,
        name="jury-decide",
    ),
    path(
        "juries/<int:jury_id>/participants/<int:enrolment_id>/derogation",
        jury_views.derogate,
        name="jury-derogate",
    ),
    path("juries/<int:jury_id>/close", jury_views.close, name="jury-close"),
    path("juries/<int:jury_id>/minutes.pdf", jury_views.minutes, name="jury-minutes"),
]
