"""The quality evidence page and the zip download (coordination)."""

import io
import zipfile

from django.urls import reverse

PAGE = reverse("quality:evidence", args=["cs26-2025"])
ZIP = reverse("quality:evidence-zip", args=["cs26-2025"])


def test_page_lists_each_indicator_with_counts(client, personas):
    client.force_login(personas["coordination"])
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preuves qualité (Qualiopi)" in html
    assert html.count("<tr data-folder=") == 13
    assert "12-assiduite-prevention-abandon/" in html
    assert "26 feuilles d&#x27;émargement" in html or "26 feuilles d'émargement" in html
    assert "Indicateurs Qualiopi" in html
    assert "Aucune réclamation enregistrée" in html
    assert f'href="{ZIP}"' in html
    assert '<th scope="col">' in html and "<caption" in html


def test_zip_download_is_an_attachment(client, personas):
    client.force_login(personas["coordination"])
    response = client.get(ZIP)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="preuves-qualite-cs26-2025-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "sommaire.txt" in archive.namelist()


def test_others_get_404_and_post_is_refused(client, personas):
    client.force_login(personas["partenaire"])
    assert client.get(ZIP).status_code == 404
    client.force_login(personas["coordination"])
    assert client.post(ZIP).status_code == 405
