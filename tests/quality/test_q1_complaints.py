"""The complaints log: validation in French (dates, a closed complaint needs a response),
the open/closed filter, the CSV export, the list's queries."""

import datetime

import pytest

from essor.core import clock
from essor.core.errors import DomainError
from essor.quality import services
from essor.quality.exports import complaints_csv
from essor.quality.models import Complaint

NOW = datetime.datetime(2025, 6, 2, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)


def record(cohort, by, **fields):
    values = {
        "received_on": datetime.date(2025, 3, 1),
        "channel": "email",
        "complainant_role": "participant",
        "complainant_name": "Camille",
        "subject": "Salle trop petite",
        "description": "On manque de place.",
    }
    values.update(fields)
    return services.record_complaint(cohort=cohort, by=by, **values)


def test_a_complaint_cannot_be_received_in_the_future(personas, cs26):
    with pytest.raises(DomainError) as error:
        record(cs26, personas["coordination"], received_on=datetime.date(2025, 6, 3))
    assert "futur" in error.value.message
    assert not Complaint.objects.exists()


def test_closing_needs_a_response_and_a_date_after_reception(personas, cs26):
    complaint = record(cs26, personas["coordination"])
    with pytest.raises(DomainError) as error:
        services.answer_complaint(
            complaint=complaint, response="", responded_on=None, closed_on=NOW.date()
        )
    assert error.value.code == "response_required"
    with pytest.raises(DomainError) as error:
        services.answer_complaint(
            complaint=complaint,
            response="Salle changée.",
            responded_on=datetime.date(2025, 3, 2),
            closed_on=datetime.date(2025, 2, 28),
        )
    assert error.value.code == "closed_before_received"
    complaint.refresh_from_db()
    assert complaint.closed_on is None and complaint.response == ""
    services.answer_complaint(
        complaint=complaint,
        response="Salle changée.",
        responded_on=datetime.date(2025, 3, 2),
        closed_on=datetime.date(2025, 3, 3),
    )
    complaint.refresh_from_db()
    assert complaint.closed_on == datetime.date(2025, 3, 3)


def test_the_form_shows_the_french_message_and_keeps_the_input(personas, cs26, client):
    complaint = record(cs26, personas["coordination"])
    client.force_login(personas["coordination"])
    response = client.post(
        f"/cohorts/{cs26.slug}/reclamations/{complaint.pk}/",
        {"response": "", "closed_on": "2025-03-03"},
    )
    assert response.status_code == 400
    assert "ne peut être close sans réponse" in response.content.decode()
    response = client.post(
        f"/cohorts/{cs26.slug}/reclamations/nouvelle",
        {
            "received_on": "2030-01-01",
            "channel": "oral",
            "complainant_role": "partner",
            "subject": "Objet tapé",
            "description": "Texte",
        },
    )
    assert response.status_code == 400
    assert "Objet tapé" in response.content.decode()
    assert Complaint.objects.count() == 1


def test_filter_and_csv(personas, cs26, client):
    coordinator = personas["coordination"]
    open_one = record(cs26, coordinator, subject="Ouverte")
    closed = record(cs26, coordinator, subject="Close")
    services.answer_complaint(
        complaint=closed, response="Réglé", responded_on=NOW.date(), closed_on=NOW.date()
    )
    client.force_login(coordinator)
    page = client.get(f"/cohorts/{cs26.slug}/reclamations/?etat=open").content.decode()
    assert "Ouverte" in page and ">Close<" not in page
    text = complaints_csv(cs26).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Reçue le;Canal;Émise par")
    assert "1er mars 2025" in text or "1 mars 2025" in text
    assert open_one.subject in text and "Réglé" in text
    response = client.get(f"/cohorts/{cs26.slug}/reclamations/export.csv")
    assert response.content.startswith("\ufeff".encode())


@pytest.mark.parametrize("count", [2, 9])
def test_the_list_takes_a_fixed_number_of_queries(
    personas, cs26, count, client, django_assert_num_queries
):
    for index in range(count):
        record(cs26, personas["coordination"], subject=f"Objet {index}")
    client.force_login(personas["coordination"])
    client.get(f"/cohorts/{cs26.slug}/reclamations/")
    with django_assert_num_queries(6):
        response = client.get(f"/cohorts/{cs26.slug}/reclamations/")
    assert response.content.decode().count("Objet ") == count
