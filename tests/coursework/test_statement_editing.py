"""Writing the statement: autosave, explicit save, versions, preview, length estimate."""

from datetime import UTC, datetime

import pytest

from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from essor.core.errors import DomainError
from essor.coursework import services
from essor.coursework.models import StatementOfIntent, StatementStatus, StatementVersion
from essor.coursework.text import (
    count_words,
    estimate_pdf,
    estimate_text,
    estimate_words,
    render_markdown,
)

EDIT = "/cohorts/cs26-2025/statement/"


def words(n: int) -> str:
    return " ".join(["mot"] * n)


@pytest.fixture
def enrolment(personas):
    return personas["enrolment"]


@pytest.fixture
def auditeur_client(client, personas):
    client.force_login(personas["auditeur"])
    return client


# --- Services ---------------------------------------------------------------------------


def test_autosave_updates_the_draft_without_making_a_version(enrolment, personas):
    services.save_statement_draft(
        enrolment=enrolment, body="Premier jet", by=personas["auditeur"], explicit=False
    )
    services.save_statement_draft(
        enrolment=enrolment, body="Premier jet, suite", by=personas["auditeur"], explicit=False
    )
    statement = StatementOfIntent.objects.get(enrolment=enrolment)
    assert statement.body == "Premier jet, suite"
    assert statement.status == StatementStatus.DRAFT
    assert not statement.versions.exists()


def test_explicit_save_makes_a_version_only_when_the_text_changed(enrolment, personas):
    me = personas["auditeur"]
    services.save_statement_draft(enrolment=enrolment, body="Texte A", by=me, explicit=True)
    services.save_statement_draft(enrolment=enrolment, body="Texte A", by=me, explicit=True)
    # An autosave in between, then an explicit save of the same text: one new version.
    services.save_statement_draft(enrolment=enrolment, body="Texte B", by=me, explicit=False)
    services.save_statement_draft(enrolment=enrolment, body="Texte B", by=me, explicit=True)
    versions = list(StatementVersion.objects.filter(statement__enrolment=enrolment))
    assert [(v.number, v.body, v.submitted) for v in versions] == [
        (1, "Texte A", False),
        (2, "Texte B", False),
    ]
    assert versions[1].words == 2
    assert versions[1].created_by == me


def test_an_empty_explicit_save_makes_no_version(enrolment, personas):
    services.save_statement_draft(
        enrolment=enrolment, body="", by=personas["auditeur"], explicit=True
    )
    assert not StatementVersion.objects.exists()


def test_windows_line_endings_are_normalised(enrolment, personas):
    statement = services.save_statement_draft(
        enrolment=enrolment, body="a\r\nb", by=personas["auditeur"], explicit=False
    )
    assert statement.body == "a\nb"


def test_submitting_makes_a_submitted_version_and_records_the_time(
    enrolment, personas, monkeypatch
):
    at = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: at)
    me = personas["auditeur"]
    services.save_statement_draft(enrolment=enrolment, body="Ma note", by=me, explicit=True)
    version = services.submit_statement(enrolment=enrolment, by=me)
    statement = StatementOfIntent.objects.get(enrolment=enrolment)
    assert statement.status == StatementStatus.SUBMITTED
    assert statement.submitted_at == at
    assert (version.number, version.submitted, version.body) == (2, True, "Ma note")
    # The history is dated by the same clock as the submission.
    assert version.created_at == at


def test_an_empty_statement_cannot_be_submitted_and_nothing_is_written(enrolment, personas):
    with pytest.raises(DomainError) as error:
        services.submit_statement(enrolment=enrolment, by=personas["auditeur"])
    assert error.value.code == "statement_empty"
    assert not StatementOfIntent.objects.exists()


def test_blank_text_counts_as_empty(enrolment, personas):
    me = personas["auditeur"]
    with pytest.raises(DomainError) as error:
        services.save_and_submit_statement(enrolment=enrolment, body="  \n ", by=me)
    assert error.value.code == "statement_empty"
    # All or nothing: the blank text was not kept either.
    assert not StatementOfIntent.objects.exists()


def test_revising_after_submission_keeps_the_first_submission_time(
    enrolment, personas, monkeypatch
):
    """Decision: a participant may revise and submit again; each submission is a version,
    and `submitted_at` stays the first one (a late polish does not make it late)."""
    me = personas["auditeur"]
    first = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: first)
    services.save_and_submit_statement(enrolment=enrolment, body="V1", by=me)
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 1, 25, 9, 0, tzinfo=UTC))
    services.save_and_submit_statement(enrolment=enrolment, body="V2", by=me)
    statement = StatementOfIntent.objects.get(enrolment=enrolment)
    assert statement.submitted_at == first
    assert list(statement.versions.values_list("number", "body", "submitted")) == [
        (1, "V1", True),
        (2, "V2", True),
    ]


def test_resubmitting_the_same_content_is_refused(enrolment, personas):
    me = personas["auditeur"]
    services.save_and_submit_statement(enrolment=enrolment, body="V1", by=me)
    with pytest.raises(DomainError) as error:
        services.submit_statement(enrolment=enrolment, by=me)
    assert error.value.code == "statement_unchanged"
    assert StatementVersion.objects.count() == 1


def test_only_the_participant_or_the_coordination_writes_the_statement(enrolment, personas):
    for other in ("tuteur", "auditeur2", "intervenant"):
        with pytest.raises(DomainError) as error:
            services.save_statement_draft(
                enrolment=enrolment, body="x", by=personas[other], explicit=True
            )
        assert error.value.code == "not_owner"
    services.save_statement_draft(
        enrolment=enrolment, body="reçue par courriel", by=personas["coordination"], explicit=True
    )
    assert StatementOfIntent.objects.get(enrolment=enrolment).body == "reçue par courriel"


def test_a_withdrawn_participant_cannot_change_their_statement(enrolment, personas):
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save()
    with pytest.raises(DomainError) as error:
        services.save_statement_draft(
            enrolment=enrolment, body="x", by=personas["auditeur"], explicit=False
        )
    assert error.value.code == "enrolment_closed"


def test_a_runaway_paste_is_refused(enrolment, personas):
    with pytest.raises(DomainError) as error:
        services.save_statement_draft(
            enrolment=enrolment,
            body="x" * (services.MAX_BODY_CHARS + 1),
            by=personas["auditeur"],
            explicit=False,
        )
    assert error.value.code == "statement_too_long"
    assert not StatementOfIntent.objects.exists()


# --- Length estimate ---------------------------------------------------------------------


def test_words_are_counted_without_markdown_signs():
    # « d'habitants » is one word, as a word processor counts it.
    assert count_words("## Mon projet\n\n- **une** coopérative d'habitants") == 5


@pytest.mark.parametrize(
    ("n", "text", "verdict"),
    [
        (0, "environ 0 page", "empty"),
        (200, "environ 0,4 page", "short"),
        (500, "environ 1 page", "ok"),
        (650, "environ 1,3 page", "ok"),
        (1000, "environ 2 pages", "ok"),
        (1300, "environ 2,6 pages", "long"),
    ],
)
def test_the_estimate_is_words_over_500_in_french_number_form(n, text, verdict):
    estimate = estimate_words(n)
    assert estimate.pages_text == text
    assert estimate.verdict == verdict


def test_a_few_words_are_not_zero_pages():
    assert estimate_words(6).pages_text == "environ 0,1 page"


def test_statement_headings_stay_below_the_pages_headings():
    assert render_markdown("# A\n\n## B", below=2) == "<h3>A</h3>\n<h4>B</h4>\n"
    assert render_markdown("###### F", below=3) == "<h6>F</h6>\n"


def test_the_estimate_names_the_words_and_the_expected_length():
    estimate = estimate_text(words(650))
    assert estimate.words_text == "650 mots"
    assert estimate.verdict_text == "Dans la longueur attendue (1 à 2 pages)."


def test_a_pdf_gives_its_exact_page_count():
    assert estimate_pdf(2).pages_text == "2 pages"
    assert estimate_pdf(3).verdict == "long"


# --- Pages -------------------------------------------------------------------------------


def test_the_editor_shows_the_deadline_the_guidance_and_the_saved_text(
    auditeur_client, enrolment, personas, monkeypatch
):
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 1, 10, 9, 0, tzinfo=UTC))
    services.save_statement_draft(
        enrolment=enrolment,
        body="Bonjour la **promotion**",
        by=personas["auditeur"],
        explicit=False,
    )
    page = auditeur_client.get(EDIT).content.decode()
    assert "Ma note d&#x27;intention" in page or "Ma note d'intention" in page
    assert "lundi 20 janvier 2025 à 14 h" in page
    assert "1 à 2 pages (environ 500 à 1 000 mots)" in page
    assert "Bonjour la **promotion**</textarea>" in page
    # The preview is rendered server-side too, for browsers without JavaScript.
    assert "<strong>promotion</strong>" in page
    assert 'statement-state--draft">brouillon</span>' in page


def test_the_preview_renders_markdown_and_escapes_html(auditeur_client):
    body = "# Titre\n\n<script>alert('x')</script>\n\n[lien](javascript:alert(1)) *ok*"
    response = auditeur_client.post(EDIT + "preview", {"body": body}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    # The preview sits under an h3: the statement's first-level heading becomes an h4.
    assert "<h4>Titre</h4>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert" in html
    assert 'href="javascript:' not in html
    assert "<em>ok</em>" in html
    # The estimate travels with the preview (out of band, next to the text box).
    assert 'id="statement-estimate"' in html and 'hx-swap-oob="true"' in html
    assert not StatementOfIntent.objects.exists()  # a preview saves nothing


def test_the_preview_shows_the_live_estimate(auditeur_client):
    html = auditeur_client.post(EDIT + "preview", {"body": words(650)}).content.decode()
    assert "650 mots — environ 1,3 page." in html


def test_autosave_answers_with_the_time_of_the_save(auditeur_client, enrolment, monkeypatch):
    # 13:32 UTC is 14 h 32 in Paris in January.
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 1, 15, 13, 32, tzinfo=UTC))
    response = auditeur_client.post(EDIT + "autosave", {"body": "Un brouillon"})
    assert response.status_code == 200
    assert "Brouillon enregistré à 14 h 32" in response.content.decode()
    statement = StatementOfIntent.objects.get(enrolment=enrolment)
    assert statement.body == "Un brouillon"
    assert not statement.versions.exists()


def test_autosave_says_so_when_it_could_not_save(auditeur_client):
    response = auditeur_client.post(
        EDIT + "autosave", {"body": "x" * (services.MAX_BODY_CHARS + 1)}
    )
    assert "Brouillon non enregistré" in response.content.decode()
    assert not StatementOfIntent.objects.exists()


def test_the_save_button_makes_a_version_without_javascript(auditeur_client, enrolment):
    response = auditeur_client.post(EDIT, {"body": "Version manuelle"})
    assert response.status_code == 302
    assert response["Location"] == EDIT
    version = StatementVersion.objects.get(statement__enrolment=enrolment)
    assert (version.number, version.body) == (1, "Version manuelle")


def test_a_refused_save_keeps_what_was_typed(auditeur_client):
    typed = "é" * (services.MAX_BODY_CHARS + 1)
    response = auditeur_client.post(EDIT, {"body": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert "beaucoup trop long" in html
    assert typed + "</textarea>" in html
    assert 'aria-describedby="body-help statement-estimate body-errors"' in html
    assert not StatementOfIntent.objects.exists()


def test_the_submit_button_saves_and_submits_the_text_box(auditeur_client, enrolment):
    response = auditeur_client.post(EDIT + "submit", {"body": "Ma note complète"})
    assert response.status_code == 302
    statement = StatementOfIntent.objects.get(enrolment=enrolment)
    assert statement.status == StatementStatus.SUBMITTED
    assert statement.versions.get().body == "Ma note complète"
    page = auditeur_client.get(EDIT).content.decode()
    assert "Votre note d&#x27;intention est remise." in page
    assert "Remettre à nouveau" in page


def test_submitting_an_empty_statement_shows_a_french_message(auditeur_client):
    response = auditeur_client.post(EDIT + "submit", {"body": ""})
    assert response.status_code == 400
    assert "La note est vide" in response.content.decode()
    assert not StatementOfIntent.objects.exists()


def test_the_editor_is_only_for_the_cohorts_participants(client, personas):
    for name in ("coordination", "tuteur", "autre_auditeur", "partenaire"):
        client.force_login(personas[name])
        assert client.get(EDIT).status_code == 404
