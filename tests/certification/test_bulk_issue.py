"""The coordination's certificates page: issue all due, zip, revoke and reissue forms."""

import io
import zipfile

import pytest

from essor.certification.models import Certificate, CertificateStatus, Decision

from .issuing_helpers import award, badge_key  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("badge_key")]

PAGE = "/cohorts/cs26-2025/certificates/"


def test_issue_all_due_then_zip(personas, client):
    by = personas["coordination"]
    award(personas["enrolment"], by=by)
    award(personas["enrolment2"], by=by)
    client.force_login(by)
    page = client.get(PAGE).content.decode()
    assert "2 certificats à délivrer" in page
    assert 'value="0"' in page  # the progress bar
    response = client.post(PAGE)
    assert response.status_code == 302
    assert Certificate.objects.filter(status=CertificateStatus.VALID).count() == 2
    page = client.get(PAGE).content.decode()
    assert "Aucun certificat en attente" in page
    assert "CS26-2025-0001" in page and "CS26-2025-0002" in page
    # Again: nothing more is issued.
    client.post(PAGE)
    assert Certificate.objects.count() == 2
    archive = zipfile.ZipFile(io.BytesIO(client.get(PAGE + "certificats.zip").content))
    names = set(archive.namelist())
    assert {"CS26-2025-0001.pdf", "CS26-2025-0002.pdf"} <= names
    stored = Certificate.objects.get(number="CS26-2025-0001")
    with stored.pdf.open("rb") as handle:
        assert archive.read("CS26-2025-0001.pdf") == handle.read()
    if stored.credential_jwt:
        assert "CS26-2025-0001.jwt" in names


def test_deferred_and_refused_are_not_due(personas, client):
    by = personas["coordination"]
    award(personas["enrolment"], by=by, decision=Decision.DEFERRED)
    award(personas["enrolment2"], by=by, decision=Decision.REFUSED)
    client.force_login(by)
    client.post(PAGE)
    assert not Certificate.objects.exists()


def test_revoke_and_reissue_forms(personas, client):
    by = personas["coordination"]
    award(personas["enrolment"], by=by)
    client.force_login(by)
    client.post(PAGE)
    certificate = Certificate.objects.get()
    client.post(f"{PAGE}{certificate.pk}/reissue", {"reason": "Nom corrigé"})
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SUPERSEDED
    new = certificate.superseded_by
    # Without a reason, nothing happens and the page says why.
    response = client.post(f"{PAGE}{new.pk}/revoke", {"reason": ""}, follow=True)
    assert "Indiquez le motif" in response.content.decode()
    client.post(f"{PAGE}{new.pk}/revoke", {"reason": "Erreur du jury"})
    new.refresh_from_db()
    assert new.status == CertificateStatus.REVOKED
