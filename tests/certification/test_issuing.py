"""Issuing certificates: only on « délivré », numbers, random codes, the PDF stored as
issued (never re-rendered), reissue and revocation."""

import hashlib
import io
import re

import pytest
from pypdf import PdfReader

from essor.certification.issuing import (
    issue_certificate,
    reissue_certificate,
    render_certificate,
    revoke_certificate,
)
from essor.certification.models import Certificate, CertificateStatus, Decision
from essor.core.errors import DomainError

from .issuing_helpers import award, badge_key  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("badge_key")]


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def stored(certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return handle.read()


@pytest.fixture
def issued(personas):
    enrolment = personas["enrolment"]
    user = enrolment.user
    user.first_name, user.last_name = "Awa", "Diallo"
    user.save()
    return issue_certificate(
        decision=award(enrolment, by=personas["coordination"]), by=personas["coordination"]
    )


def test_issue_snapshots_and_numbers(issued, personas):
    assert re.fullmatch(r"CS26-2025-0001", issued.number)
    assert issued.status == CertificateStatus.VALID
    assert issued.holder_name == "Awa Diallo"
    assert issued.programme_title == (
        "Certificat de spécialisation (CS26) — Innovations sociales – Économie sociale et solidaire"
    )
    assert issued.hours == 90
    assert str(issued.jury_date) == "2025-07-03"
    assert issued.signatory == "Jean Martin, Directeur du Cnam"
    assert issued.first_day < issued.last_day
    second = issue_certificate(
        decision=award(personas["enrolment2"], by=personas["coordination"]),
        by=personas["coordination"],
    )
    assert second.number == "CS26-2025-0002"


def test_verification_codes_are_random_and_long(issued, personas):
    assert len(issued.verification_code) >= 16  # ≥ 96 bits in URL-safe base64
    other = issue_certificate(
        decision=award(personas["enrolment2"], by=personas["coordination"]),
        by=personas["coordination"],
    )
    assert other.verification_code != issued.verification_code
    assert other.verification_code[:4] != issued.verification_code[:4] or (
        other.verification_code[-6:] != issued.verification_code[-6:]
    )


def test_only_an_awarded_decision_issues(personas):
    for decision in (Decision.DEFERRED, Decision.REFUSED):
        with pytest.raises(DomainError) as error:
            issue_certificate(
                decision=award(
                    personas["enrolment"], by=personas["coordination"], decision=decision
                ),
                by=personas["coordination"],
            )
        assert error.value.code == "not_awarded"
    assert not Certificate.objects.exists()


def test_a_second_issue_is_refused(issued, personas):
    with pytest.raises(DomainError) as error:
        issue_certificate(decision=issued.decision, by=personas["coordination"])
    assert error.value.code == "already_issued"
    assert Certificate.objects.count() == 1


def test_the_pdf_says_it_all(issued):
    content = stored(issued)
    assert hashlib.sha256(content).hexdigest() == issued.pdf_sha256
    text = pdf_text(content)
    for expected in (
        "Awa Diallo",
        issued.number,
        "Innovations sociales",
        "90 h",
        "3 juillet 2025",
        "Jean Martin",
        "Niveau 7",
    ):
        assert expected in text, expected
    # A long URL may wrap in the layout: read it back without the line break.
    url = f"http://127.0.0.1:8000/verify/{issued.verification_code}/"
    assert url in text.replace(" ", "")


def test_the_stored_pdf_never_changes(issued, personas):
    before = stored(issued)
    user = personas["enrolment"].user
    user.first_name = "Awa-Marie"
    user.save()
    programme = personas["enrolment"].cohort.programme
    programme.title = "Autre intitulé"
    programme.save()
    # A re-render attempt from the snapshot does not touch the stored file.
    render_certificate(Certificate.objects.get(pk=issued.pk))
    after = stored(issued)
    assert after == before
    assert hashlib.sha256(after).hexdigest() == issued.pdf_sha256
    assert "Awa-Marie" not in pdf_text(after)


def test_reissue_supersedes(issued, personas):
    user = personas["enrolment"].user
    user.last_name = "Diallo-Sy"
    user.save()
    new = reissue_certificate(certificate=issued, by=personas["coordination"], reason="Nom corrigé")
    issued.refresh_from_db()
    assert issued.status == CertificateStatus.SUPERSEDED
    assert issued.superseded_by == new
    assert new.number == "CS26-2025-0002"
    assert new.verification_code != issued.verification_code
    assert new.holder_name == "Awa Diallo-Sy"
    assert "Awa Diallo-Sy" in pdf_text(stored(new))
    with pytest.raises(DomainError) as error:
        reissue_certificate(certificate=issued, by=personas["coordination"], reason="encore")
    assert error.value.code == "not_valid"


def test_revoke(issued, personas):
    revoke_certificate(certificate=issued, reason="Fraude avérée", by=personas["coordination"])
    issued.refresh_from_db()
    assert issued.status == CertificateStatus.REVOKED
    assert issued.revoked_at is not None
    assert issued.revocation_reason == "Fraude avérée"
    with pytest.raises(DomainError) as error:
        revoke_certificate(certificate=issued, reason="x", by=personas["coordination"])
    assert error.value.code == "not_valid"
    with pytest.raises(DomainError) as error:
        revoke_certificate(certificate=issued, reason=" ", by=personas["coordination"])
    assert error.value.code == "reason_required"


def test_numbers_are_never_reused_after_revocation(issued, personas):
    revoke_certificate(certificate=issued, reason="Erreur", by=personas["coordination"])
    again = issue_certificate(
        decision=award(personas["enrolment"], by=personas["coordination"]),
        by=personas["coordination"],
    )
    assert again.number == "CS26-2025-0002"


def test_download_serves_the_stored_bytes(issued, personas, client):
    client.force_login(personas["auditeur"])
    response = client.get(f"/certificates/{issued.number}/certificate.pdf")
    assert response.status_code == 200
    assert response.content == stored(issued)
    page = client.get("/cohorts/cs26-2025/my/certificates/")
    assert issued.number in page.content.decode()
    client.force_login(personas["auditeur2"])
    assert client.get(f"/certificates/{issued.number}/certificate.pdf").status_code == 404
