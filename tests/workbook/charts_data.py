"""A filled workbook for the charts and exports tests (the figures are worked out in the
tests that use them)."""

from datetime import date
from decimal import Decimal

from essor.workbook.access import ensure_workbook
from essor.workbook.models import (
    Actor,
    EmissionLine,
    KeyVariable,
    Relation,
    ResourceLine,
    SectionEntry,
    SwotItem,
    TimelineEvent,
    VolunteerEntry,
)

EVIL = "<script>alert(1)</script> & Cie"


def filled_workbook(enrolment):
    workbook = ensure_workbook(enrolment)
    sections = {
        "A": {
            "name": "Les Jardins partagés",
            "family": "association",
            "ess_aim": True,
            "ess_governance": True,
            "ess_reinvested": True,
            "ess_reserves": None,
            "utility_aims": ["social_ties"],
            "employees_fte": "2",
        },
        "D": {"year": 2025, "retained_method": "smic_charge", "total_charges": "60000"},
        "G": {
            "voting_members": 40,
            "present": 18,
            "represented": 6,
            "theme_democratic": 3,
            "theme_strategy": 2,
            "theme_territory": 1,
        },
    }
    for code, data in sections.items():
        SectionEntry.objects.create(workbook=workbook, section=code, data=data)
    TimelineEvent.objects.create(
        workbook=workbook,
        date=date(1998, 3, 1),
        event="Fondation",
        kind="founding",
        logic="entraide",
    )
    TimelineEvent.objects.create(
        workbook=workbook, date=date(2010, 9, 1), event=EVIL, kind="first_hire", logic="aide"
    )
    bureau = Actor.objects.create(
        workbook=workbook, name="Bureau", zone_expertise=3, zone_rules=2, zone_communication=1
    )
    mairie = Actor.objects.create(workbook=workbook, name=EVIL, zone_environment=3)
    Relation.objects.create(
        workbook=workbook, source=bureau, target=mairie, kind="opposition", intensity=2
    )
    # 100 h × 11,88 €/h × coefficient of the table (1,42 in 2025 seeds? see the tests).
    VolunteerEntry.objects.create(
        workbook=workbook,
        date=date(2025, 3, 1),
        hours=Decimal("100"),
        activity="Accueil",
        level="execution",
    )
    ResourceLine.objects.create(
        workbook=workbook,
        funder="Ville",
        amount=Decimal("30000"),
        origin="public",
        mode="subvention",
        pole="redistribution",
    )
    ResourceLine.objects.create(
        workbook=workbook,
        funder="Ventes",
        amount=Decimal("10000"),
        origin="private",
        mode="vente",
        pole="marchand",
    )
    SwotItem.objects.create(
        workbook=workbook, quadrant="strength", text="Bénévoles fidèles", key_issue=True
    )
    SwotItem.objects.create(workbook=workbook, quadrant="threat", text=EVIL, key_issue=True)
    KeyVariable.objects.create(workbook=workbook, name="Engagement bénévole")
    EmissionLine.objects.create(
        workbook=workbook, category="energy", source="electricity", quantity=Decimal("10000")
    )
    return workbook
