"""Inline records of the section pages: add (HTMX and without JS), validation in French,
delete, and records of other workbooks out of reach."""

from datetime import timedelta

import pytest
from django.urls import reverse

from essor.core import clock
from essor.workbook.access import ensure_workbook
from essor.workbook.models import (
    Actor,
    Interview,
    KeyVariable,
    Relation,
    ResourceLine,
    SectionEntry,
    SwotItem,
    TimelineEvent,
    VolunteerEntry,
    Workbook,
)

pytestmark = pytest.mark.django_db
SLUG = "cs26-2025"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def workbook(client, personas):
    client.force_login(personas["auditeur"])
    return ensure_workbook(personas["enrolment"])


def add(client, code, kind, data, **extra):
    url = reverse("workbook:record-add", args=[SLUG, code, kind])
    return client.post(url, {f"{kind}-{k}": v for k, v in data.items()}, **extra)


def test_add_an_event_with_htmx_returns_the_table(client, workbook):
    response = add(
        client,
        "B",
        "events",
        {"date": "1990-03-01", "event": "Création", "kind": "founding", "logic": "entraide"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="records-events"' in html and "Création" in html and "entraide" in html
    event = TimelineEvent.objects.get(workbook=workbook)
    assert event.event == "Création"
    assert SectionEntry.objects.get(workbook=workbook, section="B").status == "in_progress"


def test_add_without_js_redirects_to_the_table(client, workbook):
    response = add(
        client,
        "D",
        "inkind",
        {"kind": "biens", "description": "Salle", "quantity": "12", "unit_value": "50,5"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/workbook/D/#records-inkind")


def test_volunteer_entry_validation_in_french(client, workbook):
    future = (clock.now().date() + timedelta(days=3)).isoformat()
    response = add(
        client,
        "D",
        "volunteers",
        {"date": future, "hours": "20000", "km": "-1", "activity": "Accueil", "level": "execution"},
        **HTMX,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ne peut pas être dans le futur" in html
    assert "ne peut pas dépasser 10" in html
    assert "positive ou nulle" in html
    assert 'value="Accueil"' in html  # what was typed comes back
    assert not VolunteerEntry.objects.exists()
    # without JS: the whole page, at 400
    response = add(
        client,
        "D",
        "volunteers",
        {"date": "2025-01-05", "hours": "0", "activity": "Accueil", "level": "execution"},
    )
    assert response.status_code == 400
    assert "supérieure à zéro" in response.content.decode()
    response = add(
        client,
        "D",
        "volunteers",
        {
            "date": "2025-01-05",
            "hours": "3,5",
            "activity": "Accueil",
            "level": "execution",
            "volunteer": "J. D.",
        },
    )
    assert response.status_code == 302
    entry = VolunteerEntry.objects.get()
    assert str(entry.hours) == "3.50" and entry.km == 0 and entry.volunteer == "J. D."


def test_interview_consent_needs_a_past_date(client, workbook):
    response = add(client, "B", "interviews", {"pseudonym": "M.", "consent": "on"}, **HTMX)
    assert response.status_code == 400
    assert "Indiquez la date du consentement" in response.content.decode()
    future = (clock.now().date() + timedelta(days=1)).isoformat()
    response = add(
        client,
        "B",
        "interviews",
        {"pseudonym": "M.", "consent": "on", "consent_date": future},
        **HTMX,
    )
    assert "ne peut pas être dans le futur" in response.content.decode()
    response = add(
        client, "B", "interviews", {"pseudonym": "M.", "consent_date": "2024-01-01"}, **HTMX
    )
    assert response.status_code == 200
    interview = Interview.objects.get()
    assert interview.consent is False and interview.consent_date is None


def test_actor_zones_and_relations(client, workbook, personas):
    response = add(
        client,
        "C",
        "actors",
        {
            "name": "CA",
            "zone_expertise": "4",
            "zone_environment": "0",
            "zone_communication": "0",
            "zone_rules": "0",
        },
        **HTMX,
    )
    assert response.status_code == 400
    assert "de 0 à 3" in response.content.decode()
    for name in ("CA", "Salariés"):
        response = add(
            client,
            "C",
            "actors",
            {
                "name": name,
                "zone_expertise": "2",
                "zone_environment": "1",
                "zone_communication": "0",
                "zone_rules": "3",
            },
            **HTMX,
        )
        assert response.status_code == 200
    # the relation form is refreshed out of band with the new actor
    assert 'id="records-relations" class="workbook-records" hx-swap-oob="true"' in (
        response.content.decode()
    )
    ca, staff = Actor.objects.filter(workbook=workbook).order_by("pk")
    same = {"source": ca.pk, "target": ca.pk, "kind": "alliance", "intensity": "2"}
    response = add(client, "C", "relations", same, **HTMX)
    assert response.status_code == 400
    assert "deux acteurs différents" in response.content.decode()
    response = add(client, "C", "relations", {**same, "target": staff.pk, "intensity": "5"}, **HTMX)
    assert "de 1 à 3" in response.content.decode()
    ok = {**same, "target": staff.pk}
    assert add(client, "C", "relations", ok, **HTMX).status_code == 200
    response = add(client, "C", "relations", ok, **HTMX)
    assert response.status_code == 400
    assert "existe déjà" in response.content.decode()
    # an actor of another workbook is not a choice
    other = ensure_workbook(personas["enrolment2"])
    stranger = Actor.objects.create(workbook=other, name="Ailleurs")
    response = add(client, "C", "relations", {**ok, "target": stranger.pk}, **HTMX)
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert Relation.objects.count() == 1


def test_resource_pole_defaults_from_the_mode_and_stays_editable(client, workbook):
    add(
        client,
        "D",
        "resources",
        {"funder": "Ville", "amount": "1000", "origin": "public", "mode": "subvention"},
    )
    add(
        client,
        "D",
        "resources",
        {"funder": "Adhérents", "amount": "300", "origin": "private", "mode": "cotisation"},
    )
    add(
        client,
        "D",
        "resources",
        {
            "funder": "Clients",
            "amount": "500",
            "origin": "private",
            "mode": "vente",
            "pole": "reciprocite",
        },
    )
    poles = list(ResourceLine.objects.order_by("pk").values_list("pole", flat=True))
    assert poles == ["redistribution", "reciprocite", "reciprocite"]
    response = add(
        client,
        "D",
        "resources",
        {"funder": "X", "amount": "-5", "origin": "public", "mode": "vente"},
        **HTMX,
    )
    assert response.status_code == 400
    assert "positive ou nulle" in response.content.decode()


def test_key_variable_from_a_swot_item_or_typed(client, workbook):
    assert (
        add(
            client,
            "E",
            "swot",
            {"quadrant": "weakness", "text": "Dépendance aux subventions", "key_issue": "on"},
        ).status_code
        == 302
    )
    item = SwotItem.objects.get()
    assert item.key_issue is True
    assert add(client, "F", "variables", {"swot_item": item.pk}).status_code == 302
    assert (
        add(client, "F", "variables", {"name": "Bénévolat", "description": "Heures"}).status_code
        == 302
    )
    response = add(client, "F", "variables", {}, **HTMX)
    assert response.status_code == 400
    assert "Nommez la variable" in response.content.decode()
    assert list(KeyVariable.objects.order_by("pk").values_list("name", "swot_item")) == [
        ("Dépendance aux subventions", item.pk),
        ("Bénévolat", None),
    ]


def test_emission_source_must_match_the_category(client, workbook):
    response = add(
        client,
        "H",
        "emissions",
        {"category": "energy", "source": "diesel", "quantity": "10"},
        **HTMX,
    )
    assert response.status_code == 400
    assert "ne relève pas de ce poste" in response.content.decode()
    assert (
        add(
            client, "H", "emissions", {"category": "fuel", "source": "diesel", "quantity": "10"}
        ).status_code
        == 302
    )
    assert (
        add(
            client,
            "H",
            "care",
            {
                "capital": "human",
                "threshold": "Pas d'épuisement",
                "action": "Supervision",
                "cost": "1000",
                "funded": "200",
            },
        ).status_code
        == 302
    )


def test_kind_must_belong_to_the_section(client, workbook):
    assert add(client, "B", "actors", {"name": "X"}).status_code == 404
    assert add(client, "B", "nothing", {"name": "X"}).status_code == 404
    assert not Actor.objects.exists()


def test_delete_for_good_with_and_without_htmx(client, workbook):
    event = TimelineEvent.objects.create(
        workbook=workbook, date="1990-01-01", event="Création", kind="founding"
    )
    interview = Interview.objects.create(workbook=workbook, pseudonym="M.")
    url = reverse("workbook:record-delete", args=[SLUG, "B", "events", event.pk])
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    assert "Aucune ligne" in response.content.decode()
    url = reverse("workbook:record-delete", args=[SLUG, "B", "interviews", interview.pk])
    assert client.post(url).status_code == 302
    assert not TimelineEvent.objects.exists() and not Interview.objects.exists()


def test_a_record_of_another_workbook_is_404(client, workbook, personas):
    other = ensure_workbook(personas["enrolment2"])
    event = TimelineEvent.objects.create(workbook=other, date="1990-01-01", event="X", kind="other")
    url = reverse("workbook:record-delete", args=[SLUG, "B", "events", event.pk])
    assert client.post(url).status_code == 404
    # the right kind in the URL matters too
    mine = TimelineEvent.objects.create(
        workbook=workbook, date="1990-01-01", event="Y", kind="other"
    )
    url = reverse("workbook:record-delete", args=[SLUG, "B", "interviews", mine.pk])
    assert client.post(url).status_code == 404
    assert TimelineEvent.objects.count() == 2
    assert Workbook.objects.count() == 2


def test_services_write_only_for_the_participant(personas):
    from essor.core.errors import DomainError
    from essor.workbook import services

    workbook = ensure_workbook(personas["enrolment"])
    with pytest.raises(DomainError) as error:
        services.save_section(workbook=workbook, code="A", data={}, by=personas["tuteur"])
    assert error.value.code == "workbook_forbidden"
    event = TimelineEvent.objects.create(
        workbook=workbook, date="1990-01-01", event="X", kind="other"
    )
    with pytest.raises(DomainError):
        services.delete_record(workbook=workbook, record=event, by=personas["auditeur2"])
    with pytest.raises(DomainError) as error:
        services.set_status(workbook=workbook, code="A", status="x", by=personas["auditeur"])
    assert error.value.code == "status_unknown"
    assert TimelineEvent.objects.count() == 1 and not SectionEntry.objects.exists()


def test_key_issue_flag_toggles_and_stays_in_the_workbook(client, workbook, personas):
    item = SwotItem.objects.create(workbook=workbook, quadrant="strength", text="Ancrage local")
    url = reverse("workbook:swot-key-issue", args=[SLUG, item.pk])
    response = client.post(url, {"key_issue": "1"}, **HTMX)
    assert response.status_code == 200
    assert "Retirer des enjeux clés" in response.content.decode()
    item.refresh_from_db()
    assert item.key_issue is True
    assert client.post(url, {"key_issue": "0"}).status_code == 302
    item.refresh_from_db()
    assert item.key_issue is False
    other = SwotItem.objects.create(
        workbook=ensure_workbook(personas["enrolment2"]), quadrant="threat", text="X"
    )
    url = reverse("workbook:swot-key-issue", args=[SLUG, other.pk])
    assert client.post(url, {"key_issue": "1"}).status_code == 404
    other.refresh_from_db()
    assert other.key_issue is False
