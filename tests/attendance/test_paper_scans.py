"""Scans of signed paper sheets attached to their half-day: checked by content with a size
cap, listed with who and when, served only to the cohort's teaching team."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from essor.attendance import scans
from essor.attendance.models import PaperSheetScan
from essor.core.errors import DomainError
from tests.coursework.documents import pdf_bytes
from tests.documents.attendance_data import png

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200 + b"\xff\xd9"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


@pytest.fixture
def module1(cs26):
    return cs26.slots.select_related("cohort__programme", "module").order_by("start").first()


def stored_files(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "private" / "paper-sheets"
    return sorted(os.listdir(folder)) if folder.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("feuille-20-janvier.pdf", pdf_bytes(2), "pdf"),
        ("photo.png", png(3), "png"),
        ("IMG_0042.JPG", JPEG, "jpg"),
    ],
)
def test_a_speaker_attaches_a_scan_and_everyone_in_the_team_can_fetch_it(
    client, module1, personas, settings, name, content, kind
):
    speaker = personas["intervenant"]
    speaker.first_name, speaker.last_name = "Hélène", "Garnier"
    speaker.save()
    client.force_login(speaker)

    response = client.post(f"/slots/{module1.pk}/scans/", {"file": upload(name, content)})

    assert response.status_code == 302
    scan = PaperSheetScan.objects.get()
    assert (scan.slot, scan.uploaded_by, scan.file_name) == (module1, speaker, name)
    assert scan.file.name.endswith(f".{kind}")
    assert name not in scan.file.name  # stored under a random name
    page = client.get(f"/slots/{module1.pk}/scans/").content.decode()
    assert f"Feuille « {name} » jointe." in page
    assert "1 feuille numérisée" in page
    assert "Hélène Garnier" in page
    client.force_login(personas["coordination"])
    download = client.get(f"/slots/{module1.pk}/scans/{scan.pk}")
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == scans.CONTENT_TYPES[kind]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert name in download["Content-Disposition"]


def test_the_page_links_the_signed_and_the_blank_sheet(client, module1, personas):
    client.force_login(personas["intervenant"])

    page = client.get(f"/slots/{module1.pk}/scans/").content.decode()

    assert "Module 1 — lundi 20 janvier 2025, après-midi (14 h – 17 h)" in page
    assert f"/slots/{module1.pk}/sheet.pdf" in page
    assert f"/slots/{module1.pk}/blank-sheet.pdf" in page
    assert "Aucune feuille papier jointe à cette demi-journée." in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # A Windows executable renamed: refused on its content, whatever its name says.
        ("feuille.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "ni un PDF, ni une image PNG ou JPEG"),
        ("feuille.pdf", b"%PDF-1.7 truncated", "Ce PDF est illisible ou endommagé."),
        ("vide.pdf", b"", "Le fichier est vide."),
    ],
)
def test_a_refused_file_says_why_in_french_and_stores_nothing(
    client, module1, personas, settings, name, content, message
):
    client.force_login(personas["intervenant"])

    response = client.post(f"/slots/{module1.pk}/scans/", {"file": upload(name, content)})

    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "'")
    assert message in page
    assert 'aria-describedby="scan-help scan-errors"' in page
    assert 'aria-invalid="true"' in page
    assert not PaperSheetScan.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("content", [pdf_bytes(1), png(1), JPEG])
def test_an_oversize_file_is_refused(module1, personas, settings, monkeypatch, content):
    monkeypatch.setattr(scans, "MAX_SCAN_BYTES", len(content) - 1)

    with pytest.raises(DomainError) as error:
        scans.attach_paper_scan(slot=module1, upload=upload("grand", content), by=None)

    assert error.value.code == "file_invalid"
    assert "dépasse la taille maximale" in error.value.message
    assert not PaperSheetScan.objects.exists()
    assert stored_files(settings) == []


def test_an_oversize_upload_through_the_page(client, module1, personas, settings, monkeypatch):
    monkeypatch.setattr(scans, "MAX_SCAN_BYTES", 100)
    client.force_login(personas["coordination"])

    response = client.post(f"/slots/{module1.pk}/scans/", {"file": upload("f.png", png(1))})

    assert response.status_code == 400
    assert "Le fichier dépasse la taille maximale de 100" in response.content.decode()
    assert stored_files(settings) == []


def test_a_scan_is_only_reached_through_its_own_half_day(client, cs26, module1, personas):
    scan = scans.attach_paper_scan(
        slot=module1, upload=upload("f.pdf", pdf_bytes(1)), by=personas["intervenant"]
    )
    other_slot = cs26.slots.order_by("start")[1]
    client.force_login(personas["coordination"])

    assert client.get(f"/slots/{other_slot.pk}/scans/{scan.pk}").status_code == 404
    client.force_login(personas["auditeur"])
    assert client.get(f"/slots/{module1.pk}/scans/{scan.pk}").status_code == 404


def test_the_list_takes_the_same_queries_for_any_number_of_scans(
    client, module1, personas, django_assert_num_queries
):
    client.force_login(personas["intervenant"])
    scans.attach_paper_scan(
        slot=module1, upload=upload("a.pdf", pdf_bytes(1)), by=personas["intervenant"]
    )
    client.get(f"/slots/{module1.pk}/scans/")

    # Session, user, slot, roles, the scans with who attached them.
    with django_assert_num_queries(5):
        client.get(f"/slots/{module1.pk}/scans/")
    for n in range(4):
        scans.attach_paper_scan(
            slot=module1, upload=upload(f"{n}.png", png(n)), by=personas["coordination"]
        )
    with django_assert_num_queries(5):
        page = client.get(f"/slots/{module1.pk}/scans/").content.decode()
    assert "5 feuilles numérisées" in page


@pytest.mark.browser
def test_the_scans_page_and_its_error_are_accessible(page, live_server, cs26_live, tmp_path):
    from playwright.sync_api import expect

    from tests.browser import axe_check, describe_violations
    from tests.factories import PASSWORD, UserFactory, grant

    speaker = UserFactory(username="helene", first_name="Hélène", last_name="Garnier")
    grant(speaker, cs26_live, "speaker")
    slot = cs26_live.slots.order_by("start").first()
    renamed = tmp_path / "feuille.pdf"
    renamed.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill("helene")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.goto(f"{base}/slots/{slot.pk}/scans/")
    page.get_by_label("Feuille signée numérisée (PDF, PNG ou JPEG)").set_input_files(str(renamed))
    page.get_by_role("button", name="Joindre le fichier").click()

    expect(page.get_by_text("ni un PDF, ni une image PNG ou JPEG")).to_be_visible()
    violations = axe_check(page)
    assert not violations, describe_violations(violations)
    page.get_by_label("Feuille signée numérisée (PDF, PNG ou JPEG)").set_input_files(
        {"name": "feuille.png", "mimeType": "image/png", "buffer": png(1)}
    )
    page.get_by_role("button", name="Joindre le fichier").click()
    expect(page.get_by_role("link", name="feuille.png")).to_be_visible()
    violations = axe_check(page)
    assert not violations, describe_violations(violations)
