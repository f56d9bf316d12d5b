"""The demo cohort's workbooks: content in several sections, and no duplicates when
`seed_demo` runs again."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from essor.core import demo
from essor.workbook.models import (
    Actor,
    Interview,
    Relation,
    SectionEntry,
    SwotItem,
    TimelineEvent,
    VolunteerEntry,
    Workbook,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def _counts():
    return [
        m.objects.count()
        for m in (Workbook, SectionEntry, TimelineEvent, Interview, Actor, Relation, SwotItem)
    ]


def test_the_first_three_participants_have_a_workbook_and_a_rerun_adds_nothing():
    demo.seed_demo(now=NOW)
    books = Workbook.objects.filter(enrolment__cohort__slug=demo.DEMO_SLUG)
    assert sorted(books.values_list("enrolment__user__username", flat=True)) == [
        "auditeur01",
        "auditeur02",
        "auditeur03",
    ]
    first = books.get(enrolment__user__username="auditeur01")
    sections = dict(SectionEntry.objects.filter(workbook=first).values_list("section", "status"))
    assert set(sections) >= {"A", "B", "C", "D", "E", "G"}
    assert {"done", "in_progress", "todo"} <= set(sections.values())
    assert SectionEntry.objects.get(workbook=first, section="A").data["name"] == (
        "Les Jardins du Faubourg"
    )
    assert TimelineEvent.objects.filter(workbook=first).exclude(logic="").count() == 5
    assert Relation.objects.filter(workbook=first).count() == 5
    assert VolunteerEntry.objects.filter(workbook=first).count() == 5
    assert SwotItem.objects.filter(workbook=first, key_issue=True).count() == 3
    before = _counts()
    demo.seed_demo(now=NOW)
    assert _counts() == before


def test_the_demo_workbooks_compute():
    from essor.workbook.outputs import key_figures, workbook_outputs

    demo.seed_demo(now=NOW)
    for workbook in Workbook.objects.filter(enrolment__cohort__slug=demo.DEMO_SLUG):
        outputs = workbook_outputs(workbook)
        assert key_figures(outputs)
    first = Workbook.objects.get(enrolment__user__username="auditeur01")
    outputs = workbook_outputs(first)
    # 4 + 6 + 3 + 5 + 8 = 26 volunteer hours in 2025.
    assert outputs.volunteering.hours == 26
