"""The participant's workbook pages: home, section pages, autosave, the non-JS save,
statuses, « en retard », and the query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape

from essor.core import clock
from essor.coursework.models import ProblemStatementVersion
from essor.workbook.models import (
    Actor,
    Relation,
    SectionEntry,
    SectionStatus,
    SwotItem,
    Workbook,
)
from essor.workbook.sections import SPECS, due_dates

pytestmark = pytest.mark.django_db
SLUG = "cs26-2025"


@pytest.fixture
def me(client, personas):
    client.force_login(personas["auditeur"])
    return personas["auditeur"]


def _workbook(personas):
    return Workbook.objects.get(enrolment=personas["enrolment"])


def test_home_lists_the_eight_sections_with_modules_and_due_dates(client, me, cs26):
    response = client.get(reverse("workbook:home", args=[SLUG]))
    assert response.status_code == 200
    html = response.content.decode()
    for spec in SPECS:
        assert escape(str(spec.title)) in html
        assert reverse("workbook:section", args=[SLUG, spec.code]) in html
    assert "module 4" in html
    assert "à faire" in html
    assert reverse("coursework:note-skeleton-docx", args=[SLUG]) in html
    # the home page opened the workbook
    assert Workbook.objects.filter(enrolment__user=me).count() == 1


@pytest.mark.parametrize("code", [spec.code for spec in SPECS])
def test_each_section_page_renders_with_its_module_and_due_date(client, me, cs26, code):
    from essor.core.templatetags.essor_format import long_date

    response = client.get(reverse("workbook:section", args=[SLUG, code]))
    assert response.status_code == 200
    html = response.content.decode()
    spec = next(s for s in SPECS if s.code == code)
    assert escape(str(spec.title)) in html
    assert f"Enseignée au module {spec.modules[0]}" in html
    due = due_dates(cs26)[code]
    if due:
        assert long_date(due) in html
    assert reverse("workbook:autosave", args=[SLUG, code]) in html


def test_unknown_section_is_404(client, me):
    assert client.get(f"/cohorts/{SLUG}/workbook/Z/").status_code == 404


def test_autosave_writes_valid_data_and_starts_the_section(client, me, personas):
    response = client.post(
        reverse("workbook:autosave", args=[SLUG, "A"]),
        {
            "name": "Les Amis",
            "siren": "552 100 554",
            "employees_fte": "3,5",
            "ess_aim": "true",
            "utility_aims": ["vulnerable", "citizenship"],
            "ica_2": "3",
            "creation_date": "2001-05-04",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Enregistré à" in response.content.decode()
    entry = SectionEntry.objects.get(workbook=_workbook(personas), section="A")
    assert entry.status == SectionStatus.IN_PROGRESS
    assert entry.updated_by == me
    data = entry.data
    assert data["name"] == "Les Amis"
    assert data["siren"] == "552100554"
    assert data["employees_fte"] == "3.5"
    assert data["ess_aim"] is True
    assert data["ess_governance"] is None
    assert data["utility_aims"] == ["vulnerable", "citizenship"]
    assert data["ica_2"] == 3
    assert data["creation_date"] == "2001-05-04"
    assert data["members"] is None
    # the page shows it back
    html = client.get(reverse("workbook:section", args=[SLUG, "A"])).content.decode()
    assert 'value="Les Amis"' in html
    assert 'value="3,5"' in html


def test_autosave_refuses_bad_input_with_french_errors_and_writes_nothing(client, me, personas):
    response = client.post(
        reverse("workbook:autosave", args=[SLUG, "A"]),
        {"name": "X", "siren": "123456789", "members": "-2"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "clé de contrôle" in html
    assert "supérieure ou égale à 0" in html
    assert not SectionEntry.objects.filter(section="A").exists()


def test_governance_cross_checks(client, me):
    response = client.post(
        reverse("workbook:autosave", args=[SLUG, "G"]),
        {
            "voting_members": "10",
            "present": "8",
            "represented": "5",
            "board_seats": "4",
            "board_women": "6",
            "theme_ethics": "4",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "dépassent le nombre de membres" in html
    assert "dépasse le nombre de sièges" in html
    assert not SectionEntry.objects.exists()


def test_governance_keys_are_exactly_the_contract(client, me, personas):
    response = client.post(
        reverse("workbook:autosave", args=[SLUG, "G"]),
        {"voting_members": "10", "present": "5", "theme_ethics": "2", "evidence_ethics": "Charte"},
    )
    assert response.status_code == 200
    data = SectionEntry.objects.get(section="G").data
    themes = (
        "democratic",
        "strategy",
        "territory",
        "pay",
        "users",
        "diversity",
        "environment",
        "ethics",
    )
    expected = {
        "voting_members",
        "present",
        "represented",
        "members_women",
        "board_seats",
        "board_renewed",
        "board_women",
        "board_employees",
        "board_users",
        "meetings_ag",
        "meetings_board",
        "meetings_bureau",
        "highest_pay_ft",
        "lowest_pay_ft",
        "improvement_plan",
        "notes",
        *(f"theme_{t}" for t in themes),
        *(f"evidence_{t}" for t in themes),
    }
    assert set(data) == expected
    assert data["theme_ethics"] == 2 and data["evidence_ethics"] == "Charte"


def test_section_d_defaults_the_method(client, me):
    client.post(reverse("workbook:autosave", args=[SLUG, "D"]), {"year": "2025"})
    data = SectionEntry.objects.get(section="D").data
    assert data == {
        "year": 2025,
        "retained_method": "smic_charge",
        "charge_coefficient": None,
        "total_charges": None,
        "notes": None,
    }


def test_non_js_save_redirects_and_reshows_errors(client, me, personas):
    url = reverse("workbook:fields", args=[SLUG, "B"])
    response = client.post(url, {"instituted": "Les statuts de 1990"})
    assert response.status_code == 302
    assert SectionEntry.objects.get(section="B").data["instituted"] == "Les statuts de 1990"
    response = client.post(
        reverse("workbook:fields", args=[SLUG, "A"]), {"name": "Tapé", "siren": "12"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "9 chiffres" in html and 'value="Tapé"' in html
    assert not SectionEntry.objects.filter(section="A").exists()


def test_problem_draft_becomes_a_new_problem_statement_version(client, me, personas):
    url = reverse("workbook:fields", args=[SLUG, "E"])
    response = client.post(
        url, {"problem_draft": "Comment garder nos bénévoles ?", "as_problem": "1"}, follow=True
    )
    assert response.status_code == 200
    version = ProblemStatementVersion.objects.get(enrolment=personas["enrolment"])
    assert version.text == "Comment garder nos bénévoles ?"
    assert version.origin == "revision"
    html = client.get(reverse("workbook:section", args=[SLUG, "E"])).content.decode()
    assert "Problématique actuelle (version 1" in html
    # the same text again: the coursework refusal is shown, nothing new
    response = client.post(
        url, {"problem_draft": "Comment garder nos bénévoles ?", "as_problem": "1"}, follow=True
    )
    assert "identique à la précédente" in response.content.decode()
    assert ProblemStatementVersion.objects.filter(enrolment=personas["enrolment"]).count() == 1


def test_status_changes(client, me, personas):
    url = reverse("workbook:status", args=[SLUG, "C"])
    assert client.post(url, {"status": "done"}).status_code == 302
    assert SectionEntry.objects.get(section="C").status == SectionStatus.DONE
    response = client.post(url, {"status": "bogus"}, follow=True)
    assert "Statut inconnu" in response.content.decode()
    assert SectionEntry.objects.get(section="C").status == SectionStatus.DONE


def test_late_when_past_due_and_not_done(client, me, cs26, monkeypatch):
    due = due_dates(cs26)["B"]
    monkeypatch.setattr(clock, "now", lambda: due + timedelta(hours=1))
    html = client.get(reverse("workbook:home", args=[SLUG])).content.decode()
    assert "en retard" in html
    client.post(reverse("workbook:status", args=[SLUG, "A"]), {"status": "done"})
    client.post(reverse("workbook:status", args=[SLUG, "B"]), {"status": "done"})
    monkeypatch.setattr(clock, "now", lambda: due_dates(cs26)["A"] - timedelta(days=1))
    html = client.get(reverse("workbook:home", args=[SLUG])).content.decode()
    assert "en retard" not in html
    monkeypatch.setattr(clock, "now", lambda: due + timedelta(hours=1))
    html = client.get(reverse("workbook:section", args=[SLUG, "B"])).content.decode()
    assert "en retard" not in html
    html = client.get(reverse("workbook:section", args=[SLUG, "C"])).content.decode()
    assert "en retard" not in html  # C is due later


def _swot(workbook, n):
    SwotItem.objects.bulk_create(
        SwotItem(workbook=workbook, quadrant="strength", text=f"Force {i}") for i in range(n)
    )


def _relations(workbook, n):
    hub = Actor.objects.create(workbook=workbook, name="Bureau")
    for i in range(n):
        other = Actor.objects.create(workbook=workbook, name=f"Acteur {i}", zone_rules=2)
        Relation.objects.create(workbook=workbook, source=hub, target=other, kind="alliance")


# E: one kind of record and the latest problem statement; C: three kinds, and the
# relation form lists the actors twice.
SECTION_QUERIES = {"E": 29, "C": 32}
HOME_QUERIES = 9


@pytest.mark.parametrize(("code", "fill"), [("E", _swot), ("C", _relations)])
def test_section_query_count_is_pinned(client, me, personas, django_assert_num_queries, code, fill):
    client.get(reverse("workbook:home", args=[SLUG]))  # opens the workbook
    workbook = _workbook(personas)
    url = reverse("workbook:section", args=[SLUG, code])
    fill(workbook, 1)
    with django_assert_num_queries(SECTION_QUERIES[code]):
        assert client.get(url).status_code == 200
    fill(workbook, 19)
    with django_assert_num_queries(SECTION_QUERIES[code]):
        assert client.get(url).status_code == 200


def test_home_query_count_is_pinned(client, me, personas, django_assert_num_queries):
    client.get(reverse("workbook:home", args=[SLUG]))
    client.post(reverse("workbook:status", args=[SLUG, "A"]), {"status": "done"})
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get(reverse("workbook:home", args=[SLUG])).status_code == 200
