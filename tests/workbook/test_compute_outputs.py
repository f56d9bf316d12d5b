"""A workbook's outputs: read in a fixed number of queries, key figures, recorded runs."""

import itertools
import json
from datetime import date
from decimal import Decimal as D

import pytest

from essor.workbook.access import ensure_workbook
from essor.workbook.models import (
    Actor,
    Computation,
    EmissionLine,
    InKindContribution,
    Relation,
    ResourceLine,
    SectionEntry,
    SwotItem,
    TimelineEvent,
    VolunteerEntry,
)
from essor.workbook.outputs import record_computation, workbook_outputs

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(personas):
    return ensure_workbook(personas["enrolment"])


def _section(workbook, code, data):
    SectionEntry.objects.create(workbook=workbook, section=code, data=data)


def _fill(workbook, n: int):
    """n records of each kind (n ≥ 2 for the relation)."""
    for i in range(n):
        TimelineEvent.objects.create(
            workbook=workbook, date=date(1990 + i, 1, 1), event=f"É{i}", kind="other", logic="aide"
        )
        VolunteerEntry.objects.create(
            workbook=workbook, date=date(2025, 3, 1), hours=D("10"), level="execution", activity="a"
        )
        ResourceLine.objects.create(
            workbook=workbook,
            funder=f"F{i}",
            amount=D("1000"),
            origin="public",
            mode="subvention",
            pole="redistribution",
        )
        SwotItem.objects.create(workbook=workbook, quadrant="strength", text=f"S{i}")
        EmissionLine.objects.create(
            workbook=workbook, category="energy", source="electricity", quantity=D("100")
        )
        Actor.objects.create(workbook=workbook, name=f"A{i}", zone_expertise=1)
    actors = list(Actor.objects.filter(workbook=workbook))
    for a, b in itertools.pairwise(actors):
        Relation.objects.create(workbook=workbook, source=a, target=b, kind="opposition")


def test_worked_example(workbook):
    _section(workbook, "A", {"family": "association", "employees_fte": "2"})
    _section(
        workbook, "D", {"year": 2025, "retained_method": "smic_charge", "total_charges": "50000"}
    )
    _section(workbook, "G", {"voting_members": 40, "present": 10, "represented": 10})
    VolunteerEntry.objects.create(
        workbook=workbook,
        date=date(2025, 3, 1),
        hours=D("120"),
        km=D("100"),
        level="execution",
        activity="Accueil",
    )
    InKindContribution.objects.create(
        workbook=workbook, kind="biens", description="Local", quantity=D("12"), unit_value=D("100")
    )
    ResourceLine.objects.create(
        workbook=workbook,
        funder="Ville",
        amount=D("30000"),
        origin="public",
        mode="subvention",
        pole="redistribution",
    )
    outputs = workbook_outputs(workbook)
    assert outputs.year == 2025
    v = outputs.volunteering
    # 120 h × 11,88 € × 1,42 = 2 024,35 € (2 024,352 arrondi au centime)
    assert v.retained_value == D("2024.35")
    # contributions in kind 2 024,35 + 12 × 100 = 3 224,35; extended budget 53 224,35 €
    assert outputs.resources.extended_budget == D("53224.35")
    # réciprocité: 3 224,35 / (30 000 + 3 224,35) = 0,09705 → 0,0970
    assert outputs.resources.pole_shares[2].share == D("0.0970")
    # volunteers' km as a car line: 100 × 0,218 = 21,80 kg; per FTE 21,80 / 2 = 10,90
    assert outputs.footprint.total_kg == D("21.80")
    assert outputs.footprint.per_fte_kg == D("10.90")
    # AG: (10 + 10) / 40 = 0,5
    assert outputs.governance.ag_participation == D("0.5000")
    used = {(p["key"], p["year"]) for p in outputs.parameters}
    assert {("smic_hourly", 2025), ("charge_coefficient", 2025), ("ef_car_km", 2025)} <= used
    assert len(outputs.records.volunteer_entries) == 1
    figures = dict(outputs.key_figures())
    assert figures["Valorisation du bénévolat"] == (
        "2\u202f024,35\u00a0€ — 120,00 h, méthode « SMIC chargé »"
    )
    assert figures["Heures de bénévolat 2025"] == "120,00 h (0,07 ETP)"
    assert figures["Participation à l'AG"] == "50,0\u00a0%"
    assert figures["Budget élargi"] == "53\u202f224,35\u00a0€"


def test_year_2026_uses_the_2026_smic_and_a_missing_year_warns(workbook):
    VolunteerEntry.objects.create(
        workbook=workbook, date=date(2026, 3, 1), hours=D("100"), level="execution", activity="a"
    )
    # 100 h × 12,02 € = 1 202,00 €
    values = {m.method: m.value for m in workbook_outputs(workbook, year=2026).volunteering.methods}
    assert values["smic"] == D("1202.00")
    early = workbook_outputs(workbook, year=2024)  # no SMIC before 2025: no crash, no 0
    assert early.volunteering.retained_value is None
    assert any("SMIC horaire brut" in w and "2024" in w for w in early.warnings)


def test_default_year_is_the_cohorts_first_slot(workbook, cs26):
    first = cs26.slots.order_by("start").first()
    assert workbook_outputs(workbook).year == first.start.year


@pytest.mark.parametrize("n", [2, 30])
def test_query_count_does_not_grow_with_records(workbook, n, django_assert_num_queries):
    _section(workbook, "A", {"family": "association"})
    _section(workbook, "D", {"year": 2025})
    _fill(workbook, n)
    # 1 sections + 1 parameters + 13 record tables = 15, whatever n
    with django_assert_num_queries(15):
        outputs = workbook_outputs(workbook)
    assert len(outputs.records.events) == n
    with django_assert_num_queries(0):
        assert [r.source.name for r in outputs.records.relations][:1] == ["A0"]
    assert outputs.organisation.relation_count == n - 1


def test_record_computation_keeps_parameters_and_a_json_summary(workbook, personas):
    _section(workbook, "D", {"year": 2025})
    _fill(workbook, 2)
    outputs = workbook_outputs(workbook)
    computation = record_computation(
        workbook=workbook, kind="note_outline", outputs=outputs, by=personas["auditeur"]
    )
    computation = Computation.objects.get(pk=computation.pk)
    assert computation.kind == "note_outline"
    assert computation.created_by == personas["auditeur"]
    assert {"key": "smic_hourly", "year": 2025, "value": "11.88"}.items() <= next(
        p for p in computation.parameters if p["key"] == "smic_hourly"
    ).items()
    # 20 h × 11,88 € × 1,42 = 337,392 → 337,39 €
    assert computation.results["volunteering"]["retained_value"] == "337.39"
    assert computation.results["history"]["phases"][0]["start"] == "1990-01-01"
    json.dumps(computation.results)  # serialisable as stored


def test_a_coefficient_typed_in_the_workbook_is_used_and_recorded(workbook):
    _section(workbook, "D", {"year": 2025, "charge_coefficient": "1.5"})
    VolunteerEntry.objects.create(
        workbook=workbook, date=date(2025, 3, 1), hours=D("10"), level="execution", activity="a"
    )
    outputs = workbook_outputs(workbook)
    # 10 h × 11,88 € × 1,5 = 178,20 €
    assert outputs.volunteering.retained_value == D("178.20")
    typed = [p for p in outputs.parameters if p["key"] == "charge_coefficient"]
    assert typed == [
        {
            "key": "charge_coefficient",
            "year": 2025,
            "value": "1.5",
            "unit": "×",
            "label": "Coefficient de charges",
            "source": "Saisi dans le cahier (section D)",
        }
    ]
