"""Diagnostic workbooks for the demo cohort: the first three participants have started
theirs, with realistic content in several sections and varied statuses.

Seeded once: a section is written only when the workbook has no entry for it, records
only when the workbook has none of that kind, so running `seed_demo` again duplicates
nothing and leaves what a visitor changed.
"""

from datetime import date, datetime
from decimal import Decimal

from essor.cohorts.models import Enrolment
from essor.workbook.access import ensure_workbook
from essor.workbook.models import (
    Actor,
    InKindContribution,
    Interview,
    LabourLine,
    Partner,
    Relation,
    ResourceLine,
    SectionEntry,
    SwotItem,
    TimelineEvent,
    VolunteerEntry,
    Workbook,
)

D = Decimal
YEAR = 2025  # the valuation year of the demo's section D


def _identity(name, family, created, purpose, members, headcount, fte, volunteers):
    return {
        "name": name,
        "family": family,
        "creation_date": created,
        "purpose": purpose,
        "members": members,
        "employees_headcount": headcount,
        "employees_fte": fte,
        "volunteers": volunteers,
        "ess_aim": True,
        "ess_aim_evidence": "Statuts, article 2 : objet non lucratif.",
        "ess_governance": True,
        "ess_governance_evidence": "Une personne, une voix en assemblée générale.",
        "ess_reinvested": True,
        "ess_reinvested_evidence": "Excédents affectés en réserves depuis dix ans.",
        "ess_reserves": True,
        "ess_reserves_evidence": "Réserves impartageables prévues par les statuts.",
        "utility_aims": ["social_ties", "sustainable"],
    }


# username → {section code: (status, data)} and the records, by kind.
WORKBOOKS = {
    "auditeur01": {
        "sections": {
            "A": (
                "done",
                _identity(
                    "Les Jardins du Faubourg",
                    "association",
                    "1998-05-12",
                    "Jardins partagés et insertion par le maraîchage en quartier prioritaire.",
                    310,
                    14,
                    "11.60",
                    120,
                ),
            ),
            "B": (
                "done",
                {
                    "instituted": "Les statuts de 1998, le conseil d'administration de 12 membres.",
                    "instituting": "Les jardinier·es qui réclament de décider des cultures.",
                    "institutionalisation": "La création d'une commission des jardins en 2019.",
                    "analysers": "La crise de 2012 (perte de la subvention municipale).",
                },
            ),
            "C": ("done", {"notes": "Quatre acteurs clés, une opposition persistante."}),
            "D": (
                "in_progress",
                {"year": YEAR, "retained_method": "smic_charge", "total_charges": "612000.00"},
            ),
            "E": (
                "in_progress",
                {
                    "problem_draft": "Comment associer les bénévoles aux décisions sans "
                    "ralentir l'action du chantier d'insertion ?"
                },
            ),
            "G": (
                "todo",
                {
                    "voting_members": 310,
                    "present": 84,
                    "represented": 40,
                    "members_women": 180,
                    "board_seats": 12,
                    "board_renewed": 3,
                    "board_women": 5,
                    "board_employees": 1,
                    "board_users": 2,
                    "meetings_ag": 1,
                    "meetings_board": 6,
                    "meetings_bureau": 11,
                    "theme_democratic": 2,
                    "theme_strategy": 1,
                    "theme_territory": 3,
                    "theme_pay": 2,
                    "theme_users": 2,
                    "theme_diversity": 1,
                    "theme_environment": 3,
                    "theme_ethics": 2,
                    "highest_pay_ft": "42000.00",
                    "lowest_pay_ft": "21600.00",
                },
            ),
        },
        "events": [
            ("1998-05-12", "Création de l'association par des habitant·es", "founding", "entraide"),
            ("2004-09-01", "Premier poste salarié : une animatrice", "first_hire", "entraide"),
            ("2012-03-15", "Perte de la subvention municipale", "crisis", "aide"),
            ("2015-01-01", "Conventionnement en atelier chantier d'insertion", "funding", "aide"),
            ("2019-06-20", "Création de la commission des jardins", "statute", "mouvement"),
        ],
        "interviews": [
            ("Fondatrice", "présidente 1998-2010", True, "2025-02-03"),
            ("Jardinier historique", "bénévole depuis 2001", True, "2025-02-10"),
            ("Ancienne directrice", "direction 2004-2016", False, None),
        ],
        "labour": [
            ("Encadrement technique", "salarie", "3200"),
            ("Accueil du public", "benevole", "1400"),
            ("Entretien des parcelles", "benevole", "2600"),
            ("Animation d'ateliers", "service_civique", "900"),
        ],
        "actors": [
            ("Conseil d'administration", "defensive", (2, 2, 1, 3)),
            ("Direction", "offensive", (3, 2, 3, 2)),
            ("Jardinier·es bénévoles", "offensive", (2, 1, 2, 0)),
            ("Mairie", "retrait", (1, 3, 1, 2)),
        ],
        "relations": [
            (0, 1, "alliance", 2),
            (1, 2, "negotiation", 3),
            (0, 2, "opposition", 2),
            (1, 3, "alliance", 1),
            (3, 0, "negotiation", 1),
        ],
        "volunteers": [
            ("2025-02-08", "4", "12", "Accueil des jardinier·es", "execution", "M. D."),
            ("2025-03-15", "6", "0", "Chantier collectif de printemps", "execution", ""),
            ("2025-04-02", "3", "25", "Conseil d'administration", "encadrement", "Présidente"),
            ("2025-05-20", "5", "40", "Étude de sol avec un agronome", "expertise", "A. L."),
            ("2025-06-14", "8", "0", "Fête des jardins", "execution", ""),
        ],
        "inkind": [("biens", "Prêt d'un local par le bailleur (mois)", "12", "450.00")],
        "resources": [
            ("Département (insertion)", "210000.00", "public", "subvention", "redistribution"),
            ("État (aide au poste)", "180000.00", "public", "subvention", "redistribution"),
            ("Vente de paniers", "95000.00", "private", "vente", "marchand"),
            ("Cotisations des membres", "9300.00", "private", "cotisation", "reciprocite"),
            ("Fondation d'entreprise", "25000.00", "private", "mecenat", "redistribution"),
        ],
        "partners": [
            ("Régie de quartier", "association", "mutualisation", "Outils et véhicule", "6000"),
            ("Collège voisin", "public", "convention", "Ateliers pédagogiques", "0"),
        ],
        "swot": [
            ("strength", "Un bénévolat nombreux et fidèle", "D", True),
            ("weakness", "Une dépendance aux subventions d'insertion", "D", True),
            ("opportunity", "Le plan alimentaire territorial", "B", False),
            ("threat", "Le renouvellement du conseil d'administration", "G", True),
        ],
    },
    "auditeur02": {
        "sections": {
            "A": (
                "done",
                {
                    **_identity(
                        "Terres Communes SCIC",
                        "cooperative",
                        "2011-10-03",
                        "Produire et distribuer une alimentation paysanne en circuit court.",
                        420,
                        32,
                        "28.50",
                        15,
                    ),
                    **{f"ica_{n}": score for n, score in enumerate((3, 3, 2, 2, 1, 3, 2), 1)},
                    "ica_evidence": "Cinq collèges d'associé·es ; formation annuelle.",
                },
            ),
            "B": ("in_progress", {"instituted": "Les statuts de SCIC et ses cinq collèges."}),
            "D": ("in_progress", {"year": YEAR, "retained_method": "smic"}),
            "E": ("todo", {}),
        },
        "events": [
            ("2011-10-03", "Création de la SCIC par douze fermes", "founding", "multilaterale"),
            (
                "2016-04-01",
                "Entrée de la communauté de communes au capital",
                "statute",
                "multilaterale",
            ),
        ],
        "actors": [
            ("Collège des producteurs", "offensive", (3, 2, 2, 2)),
            ("Collège des salarié·es", "defensive", (2, 1, 3, 1)),
            ("Collège des consommateurs", "retrait", (0, 2, 1, 1)),
        ],
        "relations": [(0, 1, "negotiation", 2), (1, 2, "alliance", 1)],
        "volunteers": [
            ("2025-01-18", "10", "60", "Inventaire du magasin", "execution", ""),
            ("2025-03-22", "4", "30", "Comité d'éthique", "expertise", "J. P."),
        ],
        "resources": [
            ("Ventes en magasin", "1450000.00", "private", "vente", "marchand"),
            ("Région (investissement)", "60000.00", "public", "subvention", "redistribution"),
        ],
        "swot": [("strength", "Un multisociétariat vivant", "C", True)],
    },
    "auditeur03": {
        "sections": {
            "A": (
                "in_progress",
                _identity(
                    "Mutuelle solidaire de l'Estuaire",
                    "mutual",
                    "1947-01-15",
                    "Complémentaire santé et prévention pour les salarié·es du port.",
                    21000,
                    85,
                    "79.20",
                    40,
                ),
            ),
            "G": (
                "in_progress",
                {
                    "voting_members": 120,
                    "present": 71,
                    "represented": 18,
                    "members_women": 64,
                    "board_seats": 18,
                    "board_renewed": 6,
                    "board_women": 7,
                    "meetings_ag": 1,
                    "meetings_board": 5,
                },
            ),
        },
        "events": [
            ("1947-01-15", "Fondation par les dockers", "founding", "mouvement"),
            ("2002-07-01", "Fusion avec la mutuelle des marins", "merger", "multilaterale"),
        ],
        "volunteers": [
            ("2025-04-10", "2.5", "18", "Permanence prévention", "execution", ""),
        ],
        "swot": [("threat", "La concentration du secteur mutualiste", "A", False)],
    },
}


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _records(workbook: Workbook, spec: dict) -> None:
    def empty(model) -> bool:
        return not model.objects.filter(workbook=workbook).exists()

    if spec.get("events") and empty(TimelineEvent):
        TimelineEvent.objects.bulk_create(
            TimelineEvent(workbook=workbook, date=_d(day), event=text, kind=kind, logic=logic)
            for day, text, kind, logic in spec["events"]
        )
    if spec.get("interviews") and empty(Interview):
        Interview.objects.bulk_create(
            Interview(
                workbook=workbook,
                pseudonym=pseudonym,
                role=role,
                consent=consent,
                consent_date=_d(day),
                themes="Les débuts, les crises, ce qui a changé.",
            )
            for pseudonym, role, consent, day in spec["interviews"]
        )
    if spec.get("labour") and empty(LabourLine):
        LabourLine.objects.bulk_create(
            LabourLine(workbook=workbook, function=f, holder=h, hours_per_year=D(hours))
            for f, h, hours in spec["labour"]
        )
    if spec.get("actors") and empty(Actor):
        actors = [
            Actor.objects.create(
                workbook=workbook,
                name=name,
                strategy=strategy,
                zone_expertise=zones[0],
                zone_environment=zones[1],
                zone_communication=zones[2],
                zone_rules=zones[3],
            )
            for name, strategy, zones in spec["actors"]
        ]
        Relation.objects.bulk_create(
            Relation(
                workbook=workbook,
                source=actors[a],
                target=actors[b],
                kind=kind,
                intensity=intensity,
            )
            for a, b, kind, intensity in spec.get("relations", [])
        )
    if spec.get("volunteers") and empty(VolunteerEntry):
        VolunteerEntry.objects.bulk_create(
            VolunteerEntry(
                workbook=workbook,
                date=_d(day),
                hours=D(hours),
                km=D(km),
                activity=activity,
                level=level,
                volunteer=who,
            )
            for day, hours, km, activity, level, who in spec["volunteers"]
        )
    if spec.get("inkind") and empty(InKindContribution):
        InKindContribution.objects.bulk_create(
            InKindContribution(
                workbook=workbook, kind=k, description=text, quantity=D(q), unit_value=D(v)
            )
            for k, text, q, v in spec["inkind"]
        )
    if spec.get("resources") and empty(ResourceLine):
        ResourceLine.objects.bulk_create(
            ResourceLine(workbook=workbook, funder=f, amount=D(a), origin=o, mode=m, pole=p)
            for f, a, o, m, p in spec["resources"]
        )
    if spec.get("partners") and empty(Partner):
        Partner.objects.bulk_create(
            Partner(workbook=workbook, name=n, kind=k, form=f, exchanged=x, costs_avoided=D(c))
            for n, k, f, x, c in spec["partners"]
        )
    if spec.get("swot") and empty(SwotItem):
        SwotItem.objects.bulk_create(
            SwotItem(workbook=workbook, quadrant=q, text=t, source_section=s, key_issue=k)
            for q, t, s, k in spec["swot"]
        )


def seed_workbooks(*, enrolments: dict[str, Enrolment], now: datetime) -> list[Workbook]:
    """The demo workbooks of the participants named in WORKBOOKS (those enrolled)."""
    workbooks = []
    for username, spec in WORKBOOKS.items():
        enrolment = enrolments.get(username)
        if enrolment is None:
            continue
        workbook = ensure_workbook(enrolment)
        for code, (status, data) in spec["sections"].items():
            entry = SectionEntry.objects.filter(workbook=workbook, section=code).first()
            if entry is None:
                SectionEntry.objects.create(
                    workbook=workbook,
                    section=code,
                    status=status,
                    data=data,
                    updated_at=now,
                    updated_by=enrolment.user,
                )
        _records(workbook, spec)
        workbooks.append(workbook)
    return workbooks
