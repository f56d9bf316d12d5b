"""The workbook's computations on hand-worked examples (pure functions, no database).

Each expected figure is derived in a comment; money is rounded to the cent half up at the
end, ratios to 4 places.
"""

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace as N

from essor.workbook import computations as c

SMIC_2025 = D("11.88")
GRADES = {"execution": D("1"), "encadrement": D("2"), "expertise": D("3")}


# --- A ---------------------------------------------------------------------------------


def _identity(data, family="association"):
    return c.identity(
        data,
        smic_hourly=SMIC_2025,
        smic_annual_hours=D("1820.04"),
        utility_threshold=D("0.666667"),
        top5_multiple=D("7"),
        highest_multiple=D("10"),
        family=family,
    )


IDENTITY = {
    "ess_aim": True,
    "ess_aim_evidence": "Statuts, art. 2",
    "ess_governance": True,
    "ess_reinvested": True,
    "ess_reserves": True,
    "utility_aims": ["sustainable", "citizenship"],
    "utility_charges": "700000",
    "operating_charges": "1000000",
    "top_pay_1": "60000",
    "top_pay_2": "50000",
    "top_pay_3": "45000",
    "top_pay_4": "40000",
    "top_pay_5": "35000",
    "highest_pay": "60000",
}


def test_identity_ess_law_and_esus_checks():
    result = _identity(IDENTITY)
    assert [cond.met for cond in result.conditions] == [True, True, True, True]
    assert result.conditions[0].evidence == "Statuts, art. 2"
    assert result.ess_law_ok is True
    assert result.social_utility_ok is True  # citizenship counts
    # Annual SMIC: 11,88 € × 1 820,04 h = 21 622,0752 → 21 622,08 €
    assert result.annual_smic == D("21622.08")
    # Utility ratio: 700 000 / 1 000 000 = 0,7000 ≥ 0,6667 (0,666667 to 4 places)
    ratio, mean5, highest = result.esus_checks
    assert (ratio.value, ratio.threshold, ratio.met) == (D("0.7000"), D("0.6667"), True)
    # Mean of the five: (60 000 + 50 000 + 45 000 + 40 000 + 35 000) / 5 = 46 000,00 €
    # cap 7 × 21 622,0752 = 151 354,5264 → 151 354,53 € (rounded once, at the end)
    assert (mean5.value, mean5.threshold, mean5.met) == (D("46000.00"), D("151354.53"), True)
    # Highest: 60 000 ≤ 10 × 21 622,0752 = 216 220,752 → 216 220,75 €
    assert (highest.value, highest.threshold, highest.met) == (
        D("60000.00"),
        D("216220.75"),
        True,
    )
    assert result.esus_ok is True
    assert result.cooperative is False and result.ica_scores == () and result.ica_mean is None


def test_identity_unknowns_and_failures():
    data = {**IDENTITY, "ess_reserves": False, "utility_aims": ["sustainable"]}
    data.pop("top_pay_5")
    data["highest_pay"] = "220000"  # > 216 220,75
    data["operating_charges"] = "0"
    result = _identity(data)
    assert result.ess_law_ok is False
    assert result.social_utility_ok is False  # « sustainable » alone does not count
    ratio, mean5, highest = result.esus_checks
    assert ratio.value is None and ratio.met is None  # denominator 0: unknown, not 0
    assert mean5.value is None and mean5.met is None  # a pay is missing
    assert highest.met is False
    assert result.esus_ok is False
    unanswered = _identity({"ess_aim": True})
    assert unanswered.ess_law_ok is None
    assert [cond.met for cond in unanswered.conditions] == [True, None, None, None]


def test_identity_without_smic_gives_unknown_caps():
    result = c.identity(
        IDENTITY,
        smic_hourly=None,
        smic_annual_hours=D("1820.04"),
        utility_threshold=None,
        top5_multiple=D("7"),
        highest_multiple=D("10"),
    )
    assert result.annual_smic is None
    assert [check.met for check in result.esus_checks] == [None, None, None]


def test_identity_ica_for_cooperatives():
    scores = {f"ica_{i}": s for i, s in enumerate([3, 2, 3, 1, 2, 0, 3], start=1)}
    result = _identity({**IDENTITY, **scores}, family="cooperative")
    assert [s.score for s in result.ica_scores] == [3, 2, 3, 1, 2, 0, 3]
    # (3 + 2 + 3 + 1 + 2 + 0 + 3) / 7 = 14 / 7 = 2,00
    assert result.ica_mean == D("2.00")


# --- B ---------------------------------------------------------------------------------


def _event(pk, day, logic):
    return N(pk=pk, date=day, logic=logic)


def test_history_phases():
    events = [
        _event(5, date(2010, 1, 1), "entraide"),
        _event(1, date(1990, 1, 1), "entraide"),
        _event(2, date(1995, 6, 1), ""),  # no logic: joins the running « entraide »
        _event(3, date(2000, 1, 1), "mouvement"),
        _event(4, date(2005, 1, 1), "mouvement"),
    ]
    result = c.history(events)
    assert [(p.logic, p.start, p.end, p.count) for p in result.phases] == [
        ("entraide", date(1990, 1, 1), date(1995, 6, 1), 2),
        ("mouvement", date(2000, 1, 1), date(2005, 1, 1), 2),
        ("entraide", date(2010, 1, 1), date(2010, 1, 1), 1),
    ]
    assert (result.event_count, result.start, result.end) == (5, date(1990, 1, 1), date(2010, 1, 1))


def test_history_undetermined_phase_and_empty():
    events = [_event(1, date(1980, 1, 1), ""), _event(2, date(1985, 1, 1), "aide")]
    phases = c.history(events).phases
    assert [(p.logic, p.label, p.count) for p in phases] == [
        ("", "indéterminée", 1),
        ("aide", "aide", 1),
    ]
    empty = c.history([])
    assert empty.phases == () and empty.start is None


# --- C ---------------------------------------------------------------------------------


def test_organisation_power_degree_conflicts_hours():
    actors = [
        N(
            pk=1,
            name="Bureau",
            zone_expertise=3,
            zone_environment=2,
            zone_communication=1,
            zone_rules=0,
        ),
        N(
            pk=2,
            name="Direction",
            zone_expertise=3,
            zone_environment=3,
            zone_communication=3,
            zone_rules=3,
        ),
        N(
            pk=3,
            name="Salariés",
            zone_expertise=0,
            zone_environment=0,
            zone_communication=0,
            zone_rules=0,
        ),
        N(
            pk=4,
            name="Mairie",
            zone_expertise=1,
            zone_environment=0,
            zone_communication=0,
            zone_rules=0,
        ),
    ]
    relations = [
        N(source_id=1, target_id=2, kind="alliance"),
        N(source_id=2, target_id=3, kind="opposition"),
        N(source_id=1, target_id=3, kind="opposition"),
    ]
    labour = [
        N(holder="benevole", hours_per_year=D("300")),
        N(holder="salarie", hours_per_year=D("1600")),
        N(holder="benevole", hours_per_year=D("100")),
    ]
    result = c.organisation(actors, relations, labour)
    # power = sum of the four zones: 3+2+1+0 = 6; 3×4 = 12; 0; 1
    assert [(a.name, a.power, a.degree) for a in result.actors] == [
        ("Bureau", 6, 2),
        ("Direction", 12, 2),
        ("Salariés", 0, 2),
        ("Mairie", 1, 0),
    ]
    # 2 oppositions / 3 relations = 0,6667
    assert result.conflict_density == D("0.6667")
    # bénévoles 300 + 100 = 400 h of 2 000 h = 0,2000; salariés 1 600 h = 0,8000
    assert [(h.holder, h.hours, h.share) for h in result.hours_by_holder] == [
        ("benevole", D("400"), D("0.2000")),
        ("salarie", D("1600"), D("0.8000")),
    ]
    assert result.total_hours == D("2000")


def test_organisation_without_relations_has_no_density():
    result = c.organisation([], [], [])
    assert result.conflict_density is None and result.hours_by_holder == ()


# --- D1 --------------------------------------------------------------------------------

ENTRIES = [
    N(hours=D("80"), level="execution", replacement_rate=D("15"), km=D("12")),
    N(hours=D("30"), level="encadrement", replacement_rate=D("20"), km=D("0")),
    N(hours=D("10"), level="expertise", replacement_rate=D("40"), km=D("5.5")),
]
IN_KIND = [
    N(kind="biens", quantity=D("2"), unit_value=D("150")),
    N(kind="prestations", quantity=D("10"), unit_value=D("25.50")),
    N(kind="secours", quantity=D("1"), unit_value=D("40")),
]


def _volunteering(entries=ENTRIES, **kwargs):
    options = {
        "year": 2025,
        "smic_hourly": SMIC_2025,
        "charge_coefficient": D("1.42"),
        "legal_annual_hours": D("1607"),
        "grades": GRADES,
        "in_kind": IN_KIND,
    } | kwargs
    return c.volunteering(entries, **options)


def test_volunteering_methods_side_by_side():
    result = _volunteering()
    # 80 + 30 + 10 = 120 h; FTE 120 / 1 607 = 0,0747 → 0,07
    assert result.hours == D("120") and result.fte == D("0.07")
    values = {m.method: m.value for m in result.methods}
    # SMIC: 120 h × 11,88 € = 1 425,60 €
    assert values["smic"] == D("1425.60")
    # SMIC chargé: 120 h × 11,88 € × 1,42 = 2 024,352 → 2 024,35 € (arrondi au centime)
    assert values["smic_charge"] == D("2024.35")
    # gradué: 80 × 11,88 × 1 + 30 × 11,88 × 2 + 10 × 11,88 × 3 = 950,40 + 712,80 + 356,40
    #        = 2 019,60 €
    assert values["smic_gradue"] == D("2019.60")
    # remplacement: (80 × 15 + 30 × 20 + 10 × 40) × 1,42 = 2 200 × 1,42 = 3 124,00 €
    assert values["remplacement"] == D("3124.00")
    assert result.retained_method == "smic_charge" and result.retained_value == D("2024.35")
    # km: 12 + 0 + 5,5 = 17,5
    assert result.km == D("17.5")


def test_volunteering_in_kind_and_class_8_entries():
    result = _volunteering()
    # secours 1 × 40 = 40; biens 2 × 150 = 300; prestations 10 × 25,50 = 255 → 595 €
    assert [(t.kind, t.value) for t in result.in_kind] == [
        ("secours", D("40.00")),
        ("biens", D("300.00")),
        ("prestations", D("255.00")),
    ]
    assert result.in_kind_total == D("595.00")
    # contributions in kind = 2 024,35 + 595 = 2 619,35 €
    assert result.contributions_in_kind == D("2619.35")
    assert [(e.account, e.debit, e.credit) for e in result.entries] == [
        ("864", D("2024.35"), None),
        ("875", None, D("2024.35")),
        ("860", D("40.00"), None),
        ("861", D("300.00"), None),
        ("862", D("255.00"), None),
        ("870", None, D("40.00")),
        ("871", None, D("555.00")),  # 300 (biens) + 255 (prestations)
    ]
    assert result.balanced


def test_volunteering_paragraph_names_hours_method_and_rate():
    paragraph = _volunteering().paragraph
    assert "consacré 120 heures" in paragraph
    assert "0,07 équivalent temps plein" in paragraph
    assert "1\u202f607 heures" in paragraph
    assert "SMIC chargé" in paragraph and "11,88 €/h × 1,42" in paragraph
    assert "2025" in paragraph
    assert "2\u202f024,35\u00a0€" in paragraph
    assert "mise à disposition gratuite de biens : 300,00\u00a0€" in paragraph
    assert "sans incidence sur le résultat" in paragraph


def test_volunteering_replacement_needs_every_rate():
    entries = [*ENTRIES[:2], N(hours=D("10"), level="expertise", replacement_rate=None, km=0)]
    result = _volunteering(entries, retained_method="remplacement")
    assert {m.method: m.value for m in result.methods}["remplacement"] is None
    assert result.retained_value is None and result.contributions_in_kind is None
    assert result.missing  # a French explanation, not a fake 0
    assert [e.account for e in result.entries] == ["860", "861", "862", "870", "871"]
    assert result.paragraph == ""


def test_volunteering_rounding_half_up_at_the_end():
    # 0,25 h × 12,02 € = 3,005 → 3,01 € (half up; banker's rounding would give 3,00)
    quarter = [N(hours=D("0.25"), level="execution", replacement_rate=None, km=0)]
    result = _volunteering(quarter, smic_hourly=D("12.02"), in_kind=[])
    assert {m.method: m.value for m in result.methods}["smic"] == D("3.01")
    # Rounded once: 3 × (0,25 h × 11,88 × 1,42 = 4,2174) = 12,6522 → 12,65 €, where
    # rounding each line first would give 3 × 4,22 = 12,66 €.
    three = quarter * 3
    assert _volunteering(three, in_kind=[]).retained_value == D("12.65")


def test_volunteering_without_smic_is_unknown():
    result = _volunteering(smic_hourly=None)
    assert all(m.value is None for m in result.methods if m.method != "remplacement")
    assert result.fte == D("0.07")  # hours are still known


# --- D2 --------------------------------------------------------------------------------

LINES = [
    N(funder="Ville de Lyon", amount=D("40000"), origin="public", pole="redistribution"),
    N(funder=" ville de  LYON ", amount=D("10000"), origin="public", pole="redistribution"),
    N(funder="Ventes", amount=D("20000"), origin="private", pole="marchand"),
    N(funder="Adhérents", amount=D("5000"), origin="private", pole="reciprocite"),
    N(funder="Fondation X", amount=D("25000"), origin="private", pole="reciprocite"),
]


def test_resources_poles_hhi_and_extended_budget():
    result = c.resources(LINES, contributions_in_kind=D("2619.35"), total_charges=D("98000"))
    assert result.total == D("100000.00")
    assert [(s.key, s.amount, s.share) for s in result.by_pole] == [
        ("marchand", D("20000.00"), D("0.2000")),
        ("redistribution", D("50000.00"), D("0.5000")),
        ("reciprocite", D("30000.00"), D("0.3000")),
    ]
    assert [(s.key, s.amount) for s in result.by_origin] == [
        ("public", D("50000.00")),
        ("private", D("50000.00")),
    ]
    # with contributions in kind (in réciprocité): total 100 000 + 2 619,35 = 102 619,35
    # marchand 20 000 / 102 619,35 = 0,19490 → 0,1949; redistribution 50 000 / … = 0,4872;
    # réciprocité (30 000 + 2 619,35) / 102 619,35 = 0,31787 → 0,3179
    assert result.total_with_in_kind == D("102619.35")
    assert [(s.key, s.share) for s in result.pole_shares] == [
        ("marchand", D("0.1949")),
        ("redistribution", D("0.4872")),
        ("reciprocite", D("0.3179")),
    ]
    assert result.pole_shares[2].amount == D("32619.35")
    # funders grouped by name (case and spaces ignored): Lyon 50 000 (0,5), Fondation
    # 25 000 (0,25), Ventes 20 000 (0,2), Adhérents 5 000 (0,05)
    # HHI = 0,5² + 0,25² + 0,2² + 0,05² = 0,25 + 0,0625 + 0,04 + 0,0025 = 0,3550
    assert result.hhi == D("0.3550")
    assert (result.largest_funder, result.largest_funder_share) == ("Ville de Lyon", D("0.5000"))
    # extended budget: 98 000 + 2 619,35 = 100 619,35 €
    assert result.extended_budget == D("100619.35")


def test_resources_empty_gives_no_ratio():
    result = c.resources([], contributions_in_kind=None, total_charges=None)
    assert result.hhi is None and result.largest_funder_share is None
    assert result.extended_budget is None
    assert all(s.share is None for s in result.by_pole)


# --- D3, E -----------------------------------------------------------------------------


def test_alliances_counts_and_costs():
    partners = [
        N(kind="public", form="convention", costs_avoided=D("1500")),
        N(kind="association", form="mutualisation", costs_avoided=D("2500.50")),
        N(kind="public", form="projet_commun", costs_avoided=D("0")),
    ]
    result = c.alliances(partners)
    assert result.partner_count == 3
    assert [(x.key, x.count) for x in result.by_kind] == [("association", 1), ("public", 2)]
    assert [(x.key, x.count) for x in result.by_form] == [
        ("convention", 1),
        ("projet_commun", 1),
        ("mutualisation", 1),
    ]
    # 1 500 + 2 500,50 + 0 = 4 000,50 €
    assert result.costs_avoided == D("4000.50")


def test_synthesis_quadrants_and_key_issue_count():
    items = [
        N(quadrant="strength", text="Bénévoles fidèles", key_issue=True),
        N(quadrant="weakness", text="Dépendance à la Ville", key_issue=True),
        N(quadrant="threat", text="Baisse des subventions", key_issue=False),
    ]
    result = c.synthesis(items)
    assert [(q.quadrant, q.items) for q in result.quadrants] == [
        ("strength", ("Bénévoles fidèles",)),
        ("weakness", ("Dépendance à la Ville",)),
        ("opportunity", ()),
        ("threat", ("Baisse des subventions",)),
    ]
    assert result.key_issue_count == 2 and "au moins 3" in result.key_issues_warning
    three = [*items[:2], N(quadrant="threat", text="x", key_issue=True)]
    assert c.synthesis(three).key_issues_warning == ""
    six = [N(quadrant="strength", text=str(i), key_issue=True) for i in range(6)]
    assert "au plus 5" in c.synthesis(six).key_issues_warning


# --- G ---------------------------------------------------------------------------------


def test_governance_ratios_and_themes():
    scores = [3, 2, 2, 1, 3, 0, 1, 2]
    themes = {f"theme_{key}": s for (key, _l), s in zip(c.THEMES, scores, strict=True)}
    data = {
        "voting_members": 120,
        "present": 45,
        "represented": 15,
        "members_women": 66,
        "board_seats": 12,
        "board_renewed": 3,
        "board_women": 5,
        "highest_pay_ft": "54000",
        "lowest_pay_ft": "21600",
        "evidence_pay": "Grille salariale",
        **themes,
    }
    result = c.governance(data)
    # (45 + 15) / 120 = 0,5000
    assert result.ag_participation == D("0.5000")
    # 3 / 12 = 0,2500
    assert result.board_renewal == D("0.2500")
    # 5 / 12 − 66 / 120 = 0,416667 − 0,55 = −0,133333 → −13,33 points
    assert result.women_on_board == D("0.4167") and result.women_among_members == D("0.5500")
    assert result.gender_gap_points == D("-13.33")
    # 54 000 / 21 600 = 2,50
    assert result.pay_ratio == D("2.50")
    assert [t.score for t in result.themes] == scores
    assert result.themes[3].evidence == "Grille salariale"
    # (3 + 2 + 2 + 1 + 3 + 0 + 1 + 2) / 8 = 14 / 8 = 1,75
    assert result.themes_mean == D("1.75")


def test_governance_missing_inputs_are_none():
    result = c.governance({"voting_members": 0, "present": 3, "represented": 1})
    assert result.ag_participation is None  # 0 voting members: no ratio
    assert result.board_renewal is None and result.gender_gap_points is None
    assert result.pay_ratio is None and result.themes_mean is None


# --- H ---------------------------------------------------------------------------------

FACTORS = {
    "electricity": D("0.052"),
    "gas": D("0.227"),
    "diesel": D("3.17"),
    "train_km": D("0.005"),
    "car_km": D("0.218"),
}


def test_footprint_emissions_and_ratios():
    lines = [
        N(category="energy", source="electricity", quantity=D("10000"), label=""),
        N(category="energy", source="gas", quantity=D("5000"), label=""),
        N(category="fuel", source="diesel", quantity=D("100"), label=""),
        N(category="travel", source="train_km", quantity=D("2000"), label=""),
    ]
    result = c.footprint(
        lines,
        factors=FACTORS,
        volunteer_km=D("17.5"),
        employees_fte=D("3.5"),
        extended_budget=D("100619.35"),
    )
    # 10 000 × 0,052 = 520,00; 5 000 × 0,227 = 1 135,00; 100 × 3,17 = 317,00;
    # 2 000 × 0,005 = 10,00; volunteers 17,5 km × 0,218 = 3,815 → 3,82 kg
    assert [e.kg for e in result.lines] == [
        D("520.00"),
        D("1135.00"),
        D("317.00"),
        D("10.00"),
        D("3.82"),
    ]
    assert result.lines[-1].source == "car_km"
    # total 520 + 1 135 + 317 + 10 + 3,82 = 1 985,82 kg = 1,986 t
    assert result.total_kg == D("1985.82") and result.total_t == D("1.986")
    assert [(s.key, s.amount) for s in result.by_category] == [
        ("energy", D("1655.00")),
        ("travel", D("13.82")),
        ("fuel", D("317.00")),
    ]
    # per FTE: 1 985,82 / 3,5 = 567,377 → 567,38 kg
    assert result.per_fte_kg == D("567.38")
    # per 1 000 €: 1 985,82 / 100,61935 = 19,736 → 19,74 kg
    assert result.per_1000_eur_kg == D("19.74")


def test_footprint_unknown_factor_and_empty():
    lines = [N(category="energy", source="wood", quantity=D("10"), label="Bois")]
    result = c.footprint(lines, factors={"wood": None})
    assert result.lines[0].kg is None and result.missing_factors == ("wood",)
    assert result.total_kg is None
    empty = c.footprint([], factors={})
    assert empty.total_kg is None and empty.per_fte_kg is None


def test_care_unmet_maintenance():
    lines = [
        N(capital="human", cost=D("5000"), funded=D("2000")),
        N(capital="natural", cost=D("1200"), funded=D("1200")),
        N(capital="natural", cost=D("800"), funded=D("0")),
    ]
    result = c.care(lines)
    # (5 000 − 2 000) + (1 200 − 1 200) + (800 − 0) = 3 800 €
    assert result.unmet_total == D("3800.00")
    # human 3 000 / 3 800 = 0,7895; natural 800 / 3 800 = 0,2105
    assert [(s.key, s.amount, s.share) for s in result.by_capital] == [
        ("human", D("3000.00"), D("0.7895")),
        ("natural", D("800.00"), D("0.2105")),
    ]
