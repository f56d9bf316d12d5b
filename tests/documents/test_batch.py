"""Documents for a whole cohort: planned once, produced a few per progress request under
a row lock, downloaded as one zip."""

import html
import io
import re
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from essor.attendance import documents
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.storage import private_storage
from essor.documents import batches
from essor.documents.models import BatchStatus, DocumentBatch
from essor.documents.render import RenderError
from tests.factories import UserFactory, enrol

from .attendance_data import one_line, pdf_text, sign

PAGE = "/cohorts/cs26-2025/documents/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def after_module3(monkeypatch):
    """Friday 24 January 2025, noon: the first five half-days have started."""
    moment = datetime(2025, 1, 24, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


def progress_url(batch) -> str:
    return f"{PAGE}batches/{batch.pk}/progress"


def archive(batch) -> zipfile.ZipFile:
    batch.refresh_from_db()
    return zipfile.ZipFile(private_storage.open(batch.file.name, "rb"))


def test_the_coordinator_produces_all_documents_and_downloads_the_zip(
    client, cs26, personas, after_module3
):
    module1 = cs26.slots.order_by("start").first()
    sign(module1, personas["enrolment"], seed=1)
    client.force_login(personas["coordination"])

    started = client.post(PAGE, {"kind": "all"})

    batch = DocumentBatch.objects.get()
    assert started.status_code == 302
    assert started["Location"] == f"{PAGE}#lots"
    # 5 half-days started + a certificat and an attestation for each of 2 participants.
    assert (batch.kind, batch.total, batch.done, batch.status) == ("all", 9, 0, "pending")
    page = client.get(PAGE).content.decode()
    assert "0 / 9 documents" in page
    assert f'hx-post="{progress_url(batch)}"' in page

    fragments = []
    for _ in range(5):
        response = client.post(progress_url(batch), **HTMX)
        fragments.append(response.content.decode())
        if "Télécharger" in fragments[-1]:
            break

    assert len(fragments) == 2  # 5 documents, then the last 4
    assert '<progress max="9" value="5"' in fragments[0]
    assert "5 / 9 documents" in fragments[0]
    assert 'hx-trigger="load' in fragments[0]
    assert "9 / 9 documents" in fragments[1]
    assert "hx-post" not in fragments[1]  # finished: the polling stops
    download = client.get(f"{PAGE}batches/{batch.pk}/download")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as zipped:
        names = zipped.namelist()
        assert names[:5] == [
            "feuilles-emargement/emargement-cs26-2025-module-01-2025-01-20-apres-midi.pdf",
            "feuilles-emargement/emargement-cs26-2025-module-02-2025-01-21-matin.pdf",
            "feuilles-emargement/emargement-cs26-2025-module-02-2025-01-21-apres-midi.pdf",
            "feuilles-emargement/emargement-cs26-2025-module-03-2025-01-22-matin.pdf",
            "feuilles-emargement/emargement-cs26-2025-module-03-2025-01-22-apres-midi.pdf",
        ]
        assert sorted(n.split("/")[0] for n in names[5:]) == [
            "attestations-fin-formation",
            "attestations-fin-formation",
            "certificats-realisation",
            "certificats-realisation",
        ]
        for name in names:
            PdfReader(io.BytesIO(zipped.read(name)))  # each one a readable PDF
        first_sheet = one_line(pdf_text(zipped.read(names[0])))
        assert personas["auditeur"].get_full_name() in first_sheet
        certificats = [n for n in names if n.startswith("certificats-realisation/")]
        assert any("3 h / 90 h" in one_line(pdf_text(zipped.read(name))) for name in certificats)


def test_without_javascript_each_continue_does_one_step_and_comes_back(
    client, cs26, personas, after_module3
):
    client.force_login(personas["coordination"])
    client.post(PAGE, {"kind": "sheets"})
    batch = DocumentBatch.objects.get()

    response = client.post(progress_url(batch))

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#lots"
    page = client.get(PAGE).content.decode()
    assert "5 / 5 documents" in page
    assert f"{PAGE}batches/{batch.pk}/download" in page


def test_reading_the_progress_produces_nothing(client, cs26, personas, after_module3):
    client.force_login(personas["coordination"])
    batch = batches.start_batch(cohort=cs26, kind="sheets", by=personas["coordination"])

    response = client.get(progress_url(batch), **HTMX)

    assert "0 / 5 documents" in response.content.decode()
    batch.refresh_from_db()
    assert (batch.done, batch.status, batch.file.name) == (0, "pending", "")


def test_polls_one_after_the_other_never_duplicate_a_document(cs26, personas):
    for n in range(4):
        enrol(UserFactory(username=f"extra{n}"), cs26)
    batch = batches.start_batch(cohort=cs26, kind="certificats", by=personas["coordination"])
    assert batch.total == 6

    # Two polls for the same step: the second sees the first's counter.
    first = batches.advance_batch(cohort=cs26, batch_id=batch.pk, chunk=4)
    second = batches.advance_batch(cohort=cs26, batch_id=batch.pk, chunk=4)
    third = batches.advance_batch(cohort=cs26, batch_id=batch.pk, chunk=4)

    assert (first.done, first.status) == (4, "running")
    assert (second.done, second.status) == (6, "done")
    assert (third.done, third.status) == (6, "done")
    names = archive(batch).namelist()
    assert len(names) == len(set(names)) == batch.total == 6


def test_a_step_whose_counter_was_lost_does_not_add_its_documents_twice(cs26, personas):
    batch = batches.start_batch(cohort=cs26, kind="attestations", by=personas["coordination"])
    batches.advance_batch(cohort=cs26, batch_id=batch.pk, chunk=1)
    # The archive was written but the row's update rolled back (a crash between the two).
    DocumentBatch.objects.filter(pk=batch.pk).update(done=0, status=BatchStatus.PENDING)

    batches.advance_batch(cohort=cs26, batch_id=batch.pk, chunk=5)

    batch.refresh_from_db()
    names = archive(batch).namelist()
    assert batch.status == "done"
    assert len(names) == len(set(names)) == 2


def test_a_document_that_fails_stops_the_batch_with_a_french_message(
    client, cs26, personas, monkeypatch, after_module3
):
    def broken(*args, **kwargs):
        raise RenderError("attestation_fin_formation.typ : erreur")

    monkeypatch.setattr(documents, "render_attestation", broken)
    batch = batches.start_batch(cohort=cs26, kind="all", by=personas["coordination"])
    client.force_login(personas["coordination"])

    while True:
        fragment = html.unescape(client.post(progress_url(batch), **HTMX).content.decode())
        batch.refresh_from_db()
        if batch.finished:
            break

    assert batch.status == "failed"
    assert re.search(
        r"Le document « attestation-cs26-2025-.+\.pdf » n'a pas pu être produit", fragment
    )
    assert "hx-post" not in fragment
    # What was produced stays in the archive; the archive is not offered as complete.
    assert all(not n.startswith("attestations") for n in archive(batch).namelist())
    assert client.get(f"{PAGE}batches/{batch.pk}/download").status_code == 404
    # A failed batch stays failed.
    again = batches.advance_batch(cohort=cs26, batch_id=batch.pk)
    assert (again.status, again.done) == ("failed", batch.done)


def test_a_batch_of_another_cohort_is_not_found(client, cs26, other_cohort, personas):
    batch = batches.start_batch(
        cohort=other_cohort, kind="certificats", by=personas["coordination"]
    )
    client.force_login(personas["coordination"])

    assert client.post(progress_url(batch), **HTMX).status_code == 404
    assert client.get(f"{PAGE}batches/{batch.pk}/download").status_code == 404


def test_nothing_to_produce_or_an_unknown_kind_is_refused(
    client, cs26, other_cohort, personas, monkeypatch
):
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 1, 1, tzinfo=ZoneInfo("Europe/Paris")))
    with pytest.raises(DomainError) as error:
        batches.start_batch(cohort=cs26, kind="sheets", by=personas["coordination"])
    assert error.value.code == "nothing_to_render"
    with pytest.raises(DomainError) as error:
        batches.start_batch(cohort=cs26, kind="diplomes", by=personas["coordination"])
    assert error.value.code == "unknown_kind"

    client.force_login(personas["coordination"])
    response = client.post(PAGE, {"kind": "sheets"})

    assert response.status_code == 400
    assert "Aucun document à produire" in response.content.decode()
    assert not DocumentBatch.objects.exists()


def test_the_documents_page_lists_every_half_day_and_participant(
    client, cs26, personas, after_module3
):
    sign(cs26.slots.order_by("start").first(), personas["enrolment"], seed=1)
    client.force_login(personas["coordination"])

    page = client.get(PAGE).content.decode()

    assert "26 demi-journées" in page
    assert "Module 1 — lundi 20 janvier 2025, après-midi (14 h – 17 h)" in page
    assert page.count("/sheet.pdf") == 26
    assert page.count("/blank-sheet.pdf") == 26
    assert "2 auditeur·rices" in page
    assert "3 h / 90 h" in page
    assert f"/enrolments/{personas['enrolment'].pk}/certificat-realisation.pdf" in page
    assert f"/enrolments/{personas['enrolment2'].pk}/attestation.pdf" in page


def test_the_documents_page_query_count_does_not_grow(
    client, cs26, personas, after_module3, django_assert_num_queries
):
    client.force_login(personas["coordination"])
    batches.start_batch(cohort=cs26, kind="sheets", by=personas["coordination"])
    client.get(PAGE)  # warm up: session and translations

    # Session, user, cohort, roles; then the slots with their scan count, the enrolments,
    # the two of the hours, the recent batches.
    with django_assert_num_queries(9) as small:
        client.get(PAGE)
    for n in range(5):
        enrol(UserFactory(username=f"extra{n}"), cs26)
    batches.start_batch(cohort=cs26, kind="certificats", by=personas["coordination"])
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(PAGE)


@pytest.mark.browser
def test_in_a_browser_the_progress_polls_itself_to_the_download(page, live_server, cs26_live):
    from playwright.sync_api import expect

    from tests.browser import axe_check, describe_violations
    from tests.factories import PASSWORD, grant

    coordinator = UserFactory(username="claire", first_name="Claire", last_name="Fontaine")
    grant(coordinator, cs26_live, "coordinator")
    for n in range(3):
        enrol(UserFactory(username=f"auditeur{n}"), cs26_live)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill("claire")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.goto(f"{base}{PAGE}")
    violations = axe_check(page)
    assert not violations, describe_violations(violations)
    page.get_by_role("button", name="Produire : tous les documents").click()

    # 26 sheets + 3 certificats + 3 attestations, 5 per poll, without a click.
    link = page.get_by_role("link", name="Télécharger l'archive (zip) — tous les documents")
    expect(link).to_be_visible(timeout=30_000)
    expect(page.locator("progress")).to_have_attribute("value", "32")
    expect(page.get_by_text("32 / 32 documents")).to_be_visible()
    violations = axe_check(page)
    assert not violations, describe_violations(violations)
    with page.expect_download() as download:
        link.click()
    with zipfile.ZipFile(download.value.path()) as zipped:
        assert len(zipped.namelist()) == 32
