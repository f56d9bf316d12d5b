"""The route to the Master: shown to certificate holders, interest recorded, exported."""

import io

import pytest
from openpyxl import load_workbook

from essor.certification import master
from essor.certification.models import CertificateStatus, MasterInterest, MasterTrack
from essor.core.errors import DomainError
from tests.certification.badge_fixtures import make_certificate

URL = "/cohorts/cs26-2025/master/"


@pytest.fixture
def holder(personas):
    make_certificate(personas["enrolment"], by=personas["coordination"])
    return personas["auditeur"]


def test_non_holder_sees_the_explanation_and_cannot_record(personas, client):
    client.force_login(personas["auditeur"])
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "s'ouvre avec le certificat" in html
    assert "Économie sociale et solidaire" in html  # the tracks are shown anyway
    assert '<form method="post" class="form">' not in html
    response = client.post(URL, {"interested": "yes", "track": "ess"})
    assert response.status_code == 403
    assert not MasterInterest.objects.exists()


def test_holder_records_and_updates_interest(holder, personas, client):
    client.force_login(holder)
    page = client.get(URL)
    html = page.content.decode()
    assert "Intervention et développement social" in html
    for track in ("Recherche en travail social", "Éducation populaire"):
        assert track in html
    response = client.post(URL, {"interested": "yes", "track": "ess", "comment": "Dès 2026."})
    assert response.status_code == 302
    interest = MasterInterest.objects.get(enrolment=personas["enrolment"])
    assert (interest.interested, interest.track, interest.comment) == (True, "ess", "Dès 2026.")
    client.post(URL, {"interested": "no", "track": "research"})
    interest.refresh_from_db()
    assert (interest.interested, interest.track) == (False, "")
    assert MasterInterest.objects.count() == 1
    # Bad input: nothing changes, the form re-renders with a French message.
    response = client.post(URL, {"interested": "peut-être", "comment": "gardé"})
    assert response.status_code == 400
    assert "gardé" in response.content.decode()
    interest.refresh_from_db()
    assert interest.interested is False


def test_revoked_certificate_closes_the_route(personas):
    certificate = make_certificate(personas["enrolment"], by=personas["coordination"])
    certificate.status = CertificateStatus.REVOKED
    certificate.save()
    with pytest.raises(DomainError) as error:
        master.record_interest(enrolment=personas["enrolment"], interested=True)
    assert error.value.code == "master_not_holder"


def test_unknown_track_is_refused(holder, personas):
    with pytest.raises(DomainError) as error:
        master.record_interest(enrolment=personas["enrolment"], interested=True, track="x")
    assert error.value.code == "master_bad_track"


def test_coordinator_export_parsed_back(holder, personas, client, django_assert_num_queries):
    make_certificate(personas["enrolment2"], by=personas["coordination"], number="CS26-2025-0002")
    master.record_interest(
        enrolment=personas["enrolment"],
        interested=True,
        track=MasterTrack.POPULAR_EDUCATION,
        comment="=SOMME(A1)",
    )
    with django_assert_num_queries(2):
        rows = master.interest_rows(personas["enrolment"].cohort)
    assert len(rows) == 2
    client.force_login(personas["coordination"])
    response = client.get(URL + "export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:7] == [
        "Nom",
        "Prénom",
        "Courriel",
        "Certificat",
        "Intéressé·e",
        "Parcours souhaité",
        "Commentaire",
    ]
    by_number = {row[3]: row for row in values[1:]}
    first = by_number["CS26-2025-0001"]
    assert first[2] == holder.email
    assert first[4:7] == ["oui", "Éducation populaire", "=SOMME(A1)"]
    assert by_number["CS26-2025-0002"][4] == "sans réponse"
    client.force_login(personas["auditeur"])
    assert client.get(URL + "export.xlsx").status_code == 404
