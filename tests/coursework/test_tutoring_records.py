"""Tutoring records: one per participant per tutoring day, written by their tutor or the
coordination, read by the participant; nobody else sees them."""

from datetime import date

import pytest

from essor.core.errors import DomainError
from essor.coursework import tutoring_services
from essor.coursework.models import TutoringRecord
from essor.programmes.models import Module


def page(personas, module=9, key="enrolment") -> str:
    return f"/enrolments/{personas[key].pk}/tutoring/{module}/"


def form(**overrides) -> dict:
    data = {
        "problem_statement_defined": "on",
        "draft_percent": "40",
        "diagnostic_sections_done": ["A", "C"],
        "notes": "Problématique resserrée sur la gouvernance.",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
        "steps-0-text": "Rédiger le diagnostic économique",
        "steps-0-due": "2025-04-10",
        "steps-1-text": "",
        "steps-1-due": "",
        "steps-2-text": "",
        "steps-2-due": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_tutor_fills_in_the_record(client, personas):
    client.force_login(personas["tuteur"])
    response = client.post(page(personas), form())
    assert response.status_code == 302
    record = TutoringRecord.objects.get(enrolment=personas["enrolment"])
    assert record.module.number == 9
    assert record.problem_statement_defined and not record.outline_done
    assert record.draft_percent == 40
    assert record.diagnostic_sections_done == ["A", "C"]
    assert record.next_steps == [{"text": "Rédiger le diagnostic économique", "due": "2025-04-10"}]
    assert record.author == personas["tuteur"]


@pytest.mark.django_db
def test_the_form_offers_three_empty_next_step_rows(client, personas):
    client.force_login(personas["tuteur"])
    html = client.get(page(personas)).content.decode()
    assert 'name="steps-2-text"' in html and 'name="steps-3-text"' not in html
    assert "H — gestion" in html


@pytest.mark.django_db
def test_saving_again_updates_the_same_record(client, personas):
    client.force_login(personas["tuteur"])
    client.post(page(personas), form())
    client.post(page(personas), form(draft_percent="60"))
    assert TutoringRecord.objects.get().draft_percent == 60
    html = client.get(page(personas)).content.decode()
    # The saved step comes back, followed by three empty rows.
    assert 'value="Rédiger le diagnostic économique"' in html
    assert 'name="steps-3-text"' in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"draft_percent": "140"}, "L&#x27;avancement ne peut pas dépasser 100 %."),
        ({"draft_percent": "-5"}, "L&#x27;avancement ne peut pas être négatif."),
        ({"draft_percent": "beaucoup"}, "L&#x27;avancement est un nombre entier entre 0 et 100."),
        ({"diagnostic_sections_done": ["Z"]}, "Section du diagnostic inconnue."),
        ({"steps-0-due": "10/04/2025x"}, "Date non valide"),
        ({"steps-1-due": "2025-05-01"}, "Décrivez l&#x27;étape attendue à cette date."),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_refused_in_french_and_nothing_is_saved(client, personas, overrides, message):
    client.force_login(personas["tuteur"])
    response = client.post(page(personas), form(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Problématique resserrée sur la gouvernance." in html  # what was typed is kept
    assert not TutoringRecord.objects.exists()


@pytest.mark.django_db
def test_the_participant_reads_their_own_record(client, personas):
    client.force_login(personas["tuteur"])
    client.post(page(personas), form())
    client.force_login(personas["auditeur"])
    html = client.get(page(personas)).content.decode()
    assert "Problématique resserrée sur la gouvernance." in html
    assert "10 avril 2025" in html
    assert "A — identité, C — organisationnel" in html
    assert 'name="draft_percent"' not in html  # read-only for the participant
    assert client.post(page(personas), form(draft_percent="90")).status_code == 403
    assert TutoringRecord.objects.get().draft_percent == 40


@pytest.mark.django_db
def test_another_participant_or_tutor_gets_a_404(client, personas):
    for who in ("auditeur2", "tuteur2", "autre_auditeur", "intervenant", "partenaire"):
        client.force_login(personas[who])
        assert client.get(page(personas)).status_code == 404, who
        assert client.post(page(personas), form()).status_code == 404, who
    assert not TutoringRecord.objects.exists()


@pytest.mark.django_db
def test_only_tutoring_days_have_records(client, personas):
    client.force_login(personas["coordination"])
    assert client.get(page(personas, module=11)).status_code == 200
    assert client.get(page(personas, module=2)).status_code == 404


@pytest.mark.django_db
def test_the_service_refuses_someone_who_is_not_the_tutor(personas):
    module = Module.objects.get(programme=personas["enrolment"].cohort.programme, number=9)
    with pytest.raises(DomainError) as raised:
        tutoring_services.save_tutoring_record(
            enrolment=personas["enrolment"],
            module=module,
            by=personas["tuteur2"],
            problem_statement_defined=True,
            outline_done=False,
            draft_percent=10,
            diagnostic_sections_done=[],
            notes="",
            next_steps=[],
        )
    assert raised.value.code == "not_tutor"


@pytest.mark.django_db
def test_the_service_checks_percent_and_steps(personas):
    module = Module.objects.get(programme=personas["enrolment"].cohort.programme, number=9)

    def save(**kwargs):
        values = {
            "problem_statement_defined": False,
            "outline_done": False,
            "draft_percent": 0,
            "diagnostic_sections_done": [],
            "notes": "",
            "next_steps": [],
        } | kwargs
        return tutoring_services.save_tutoring_record(
            enrolment=personas["enrolment"], module=module, by=personas["coordination"], **values
        )

    with pytest.raises(DomainError) as raised:
        save(draft_percent=101)
    assert raised.value.code == "bad_percent"
    with pytest.raises(DomainError) as raised:
        save(next_steps=[{"text": "", "due": date(2025, 4, 1)}])
    assert raised.value.code == "step_without_text"
    record = save(next_steps=[{"text": "Plan", "due": None}, {"text": "", "due": None}])
    assert record.next_steps == [{"text": "Plan", "due": ""}]
