"""The public pages: the list of programmes (/) and a programme as a prospective
participant reads it (/programmes/CS26/). Content is checked against the programme text
(seed/programme-cs26-2025.md), not against the data file, and query counts are pinned.
"""

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from essor.cohorts.models import Cohort
from essor.programmes.models import Module, Programme, Slot

URL = "/programmes/CS26/"

# Module number → (title, local date as French readers see it, local slot times), copied
# from the programme text.
MODULES = {
    1: ("Présentation de la formation", "lundi 20 janvier 2025", ["14 h 00 – 17 h 00"]),
    2: (
        "Économie sociale et solidaire, capitalisme et démocratie",
        "mardi 21 janvier 2025",
        ["9 h 00 – 12 h 30", "14 h 30 – 18 h 00"],
    ),
    3: (
        "Unité et diversité des composantes : associations, coopératives, mutuelles",
        "mercredi 22 janvier 2025",
        ["8 h 30 – 12 h 30", "13 h 30 – 16 h 30"],
    ),
    4: (
        "Analyse institutionnelle dans l'économie sociale et solidaire",
        "lundi 24 février 2025",
        ["10 h 00 – 12 h 30", "14 h 00 – 18 h 30"],
    ),
    5: (
        "Analyse organisationnelle dans l'économie sociale et solidaire",
        "mardi 25 février 2025",
        ["9 h 00 – 12 h 30", "14 h 00 – 17 h 30"],
    ),
    6: (
        "Analyse économique dans l'économie sociale et solidaire",
        "mercredi 26 février 2025",
        ["8 h 30 – 12 h 30", "13 h 30 – 16 h 30"],
    ),
    7: (
        "Synthèse de l'analyse d'une structure de l'ESS",
        "lundi 17 mars 2025",
        ["10 h 00 – 12 h 30", "14 h 00 – 18 h 30"],
    ),
    8: (
        "Prospective et scénarios du changement",
        "mardi 18 mars 2025",
        ["9 h 00 – 12 h 30", "14 h 00 – 17 h 30"],
    ),
    9: (
        "Première journée de tutorat",
        "mercredi 19 mars 2025",
        ["8 h 30 – 12 h 30", "13 h 30 – 16 h 30"],
    ),
    10: (
        "Gouvernance dans l'ESS",
        "lundi 14 avril 2025",
        ["10 h 00 – 12 h 30", "14 h 00 – 18 h 30"],
    ),
    11: (
        "Deuxième journée de tutorat",
        "mardi 15 avril 2025",
        ["8 h 30 – 12 h 30", "13 h 30 – 16 h 30"],
    ),
    12: ("Gestion dans l'ESS", "lundi 19 mai 2025", ["10 h 00 – 12 h 30", "14 h 00 – 18 h 30"]),
    13: (
        "Troisième journée de tutorat",
        "mardi 20 mai 2025",
        ["9 h 00 – 12 h 30", "14 h 00 – 17 h 30"],
    ),
    14: ("Bilan de la formation", "mercredi 21 mai 2025", ["9 h 00 – 12 h 00"]),
}


BLOCKS = {
    "address",
    "article",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}


class _PageText(HTMLParser):
    """Visible text of a page as a reader sees it (blocks separated, inline text joined,
    whitespace collapsed), plus the text of each calendar row."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.rows: dict[int, list[str]] = {}
        self._row: int | None = None
        self._skip = 0

    def _add(self, text):
        self.parts.append(text)
        if self._row is not None:
            self.rows[self._row].append(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag == "tr" and "data-module" in attrs:
            self._row = int(attrs["data-module"])
            self.rows[self._row] = []
        if tag in BLOCKS:
            self._add(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1
        if tag in BLOCKS:
            self._add(" ")
        if tag == "tr":
            self._row = None

    def handle_data(self, data):
        if not self._skip:
            self._add(data)


def _squash(parts: list[str]) -> str:
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def page_text(response) -> str:
    parser = _PageText()
    parser.feed(response.content.decode())
    return _squash(parser.parts)


def calendar_rows(response) -> dict[int, str]:
    parser = _PageText()
    parser.feed(response.content.decode())
    return {number: _squash(parts) for number, parts in parser.rows.items()}


def add_cohort(cs26: Cohort, slug: str, *, shift_days: int, is_public: bool = True) -> Cohort:
    """Another edition of CS26: the same slots a number of days later (keep it a multiple
    of 7 so that weekdays stay the same)."""
    cohort = Cohort.objects.create(
        programme=cs26.programme,
        slug=slug,
        title=slug.upper().replace("-", " "),
        timezone=cs26.timezone,
        is_public=is_public,
    )
    Slot.objects.bulk_create(
        Slot(
            cohort=cohort,
            module_id=slot.module_id,
            position=slot.position,
            start=slot.start + timedelta(days=shift_days),
            end=slot.end + timedelta(days=shift_days),
        )
        for slot in cs26.slots.all()
    )
    return cohort


# --- The programme page --------------------------------------------------------------


def test_every_module_is_in_the_calendar_with_its_date_and_half_days(client, cs26):
    response = client.get(URL)

    assert response.status_code == 200
    rows = calendar_rows(response)
    assert sorted(rows) == list(range(1, 15))
    for number, (title, day, times) in MODULES.items():
        row = rows[number]
        assert f"Module {number}" in row
        assert title in row
        assert day in row
        for times_of_slot in times:
            assert times_of_slot in row, (number, times_of_slot, row)
    assert "Après-midi : 14 h 00 – 17 h 00" in rows[1]
    assert "Matin : 9 h 00 – 12 h 30" in rows[2]
    assert "Après-midi : 14 h 30 – 18 h 00" in rows[2]
    assert "Matin : 9 h 00 – 12 h 00" in rows[14]
    assert rows[1].endswith("3 h")
    assert rows[2].endswith("7 h")


def test_slot_times_are_marked_up_with_their_utc_offset(client, cs26):
    body = client.get(URL).content.decode()

    # Winter time in January, summer time from 30 March 2025 on.
    assert '<time datetime="2025-01-20T14:00:00+01:00">14 h 00</time>' in body
    assert '<time datetime="2025-04-14T10:00:00+02:00">10 h 00</time>' in body
    assert '<time datetime="2025-05-21">mercredi 21 mai 2025</time>' in body


def test_duration_and_dates_are_computed_from_the_slots(client, cs26):
    text = page_text(client.get(URL))

    assert "Durée 90 h : 12 journées de 7 h et 2 demi-journées de 3 h" in text
    assert "Dates du lundi 20 janvier 2025 au mercredi 21 mai 2025" in text
    assert "14 modules, 26 demi-journées de présence" in text
    assert "Niveau 7 (Bac + 5 et plus)" in text


def test_a_changed_slot_changes_the_hours_shown(client, cs26):
    # Nothing is typed in: lengthen module 2's afternoon and the totals follow.
    slot = Slot.objects.get(cohort=cs26, module__number=2, position=2)
    Slot.objects.filter(pk=slot.pk).update(end=slot.end + timedelta(minutes=30))

    text = page_text(client.get(URL))

    assert "90 h 30 : 1 journée de 7 h 30, 11 journées de 7 h et 2 demi-journées de 3 h" in text


def test_every_module_description_is_shown(client, cs26):
    text = page_text(client.get(URL))

    for excerpt in (
        "Ce séminaire comprend, la présentation du dispositif de formation",
        "L'économie sociale et solidaire est-elle une autre économie ?",
        "Historiquement l'économie sociale s'est caractérisée par ses statuts",
        "identifier la dimension institutionnelle de la structure",
        "La division socioprofessionnelle du travail",
        "Les recherches participatives effectuées",
        "Les études de cas choisies fournissent une synthèse",
        "s'initier à la méthode des scénarios prospectifs",
        "quelles sont les formes de gouvernance les plus pertinentes ?",
        "Le point est fait sur l'avancée des notes personnelles",
        "L'affirmation d'une double solidarité",
        "Les notes sont présentées oralement",
        "Le bilan est effectué avec les partenaires",
    ):
        assert excerpt in text


def test_who_it_is_for_and_what_it_brings(client, cs26):
    text = page_text(client.get(URL))

    assert "pensée pour les responsables des entités de l'ESS" in text
    assert "dirigeants de fédérations (départementales, régionales, nationales)" in text
    assert "outils opérationnels pour gouverner et gérer les entités de l'ESS" in text
    assert "Le certificat vise à :" in text
    assert "« force de proposition »" in text
    assert "croisement entre savoirs académiques et expérimentiels" in text


def test_personal_work_statement_of_intent_note_and_tutoring(client, cs26):
    text = page_text(client.get(URL))

    # Statement of intent: 1–2 pages, written before the start, presented at module 1.
    assert "Note d'intention Longueur 1 à 2 pages" in text
    assert "À rédiger avant le début de la formation (lundi 20 janvier 2025)" in text
    assert "Présentée aux autres auditeur·rices au module 1, lundi 20 janvier 2025" in text
    # The note and its tutoring.
    assert "Note personnelle Longueur environ 20 pages" in text
    assert "Cette note (20 pages) finalise ce travail." in text
    assert "3 journées de tutorat" in text
    assert "Module 9 : Première journée de tutorat, mercredi 19 mars 2025" in text
    assert "Module 11 : Deuxième journée de tutorat, mardi 15 avril 2025" in text
    assert (
        "Module 13 : Troisième journée de tutorat, mardi 20 mai 2025 — présentation orale "
        "des notes" in text
    )
    assert "diagnostic de sa propre structure" in text


def test_certification_rule_and_master_tracks(client, cs26):
    text = page_text(client.get(URL))

    assert (
        "La participation à l'intégralité des modules et la production de la note permettent "
        "l'obtention du certificat de spécialisation" in text
    )
    assert "Être présent·e à l'intégralité des modules" in text
    assert "Produire la note personnelle et la voir acceptée." in text
    assert "Master du Cnam « Intervention et développement social »" in text
    assert "Le Master comprend 3 parcours : Recherche en travail social" in text
    for track in (
        "Recherche en travail social",
        "Économie sociale et solidaire",
        "Éducation populaire",
    ):
        assert f"<li>{track}</li>" in client.get(URL).content.decode()


def test_calendar_links_point_at_the_cohort_ics(client, cs26):
    body = client.get(URL).content.decode()
    path = reverse("programmes:cohort-calendar", kwargs={"slug": "cs26-2025"})

    assert path == "/cohorts/cs26-2025/calendar.ics"
    assert f'href="http://testserver{path}" data-calendar-link="ics"' in body
    assert f'href="webcal://testserver{path}" data-calendar-link="webcal"' in body
    ics = client.get(path)
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")


def test_how_to_apply_links_to_the_featured_cohorts_application_form(client, cs26):
    body = client.get(URL).content.decode()
    text = page_text(client.get(URL))

    assert "Les candidatures à la promotion CS26 2025 sont ouvertes." in text
    link = re.search(r"<a [^>]*data-apply-link[^>]*>([^<]*)</a>", body)
    assert link is not None
    assert 'href="/cohorts/cs26-2025/apply/"' in link.group(0)
    assert "Candidater à la promotion CS26 2025" in link.group(1)
    assert client.get("/cohorts/cs26-2025/apply/").status_code == 200
    assert 'href=""' not in body
    assert 'href="#"' not in body


def test_how_to_apply_says_when_applications_are_closed(client, cs26):
    cs26.applications_open = False
    cs26.save()

    body = client.get(URL).content.decode()

    assert "Les candidatures à la promotion CS26 2025 sont closes." in page_text(client.get(URL))
    assert "data-apply-link" not in body


def test_accessibility_contact_is_shown(client, cs26):
    text = page_text(client.get(URL))

    assert "Accessibilité et handicap" in text
    assert "Référent·e handicap du Cnam" in text
    assert "les aménagements sont étudiés au cas par cas" in text


def test_code_is_case_insensitive_and_unknown_programmes_are_404(client, cs26):
    assert client.get("/programmes/cs26/").status_code == 200
    assert client.get("/programmes/NOPE/").status_code == 404


def test_other_public_cohorts_can_be_chosen(client, cs26):
    add_cohort(cs26, "cs26-2026", shift_days=364)
    add_cohort(cs26, "cs26-brouillon", shift_days=728, is_public=False)

    default = client.get(URL)
    chosen = client.get(URL, {"cohort": "cs26-2026"})

    # The later edition is shown by default: the next to start, or the latest once both
    # are over (whatever the day the suite runs).
    assert "du lundi 19 janvier 2026 au mercredi 20 mai 2026" in page_text(default)
    assert "du lundi 20 janvier 2025 au mercredi 21 mai 2025" in page_text(
        client.get(URL, {"cohort": "cs26-2025"})
    )
    assert "Module 2 Économie sociale et solidaire" in calendar_rows(chosen)[2]
    assert "mardi 20 janvier 2026" in calendar_rows(chosen)[2]
    body = chosen.content.decode()
    assert 'href="?cohort=cs26-2025"' in body
    assert 'href="?cohort=cs26-2026" aria-current="page"' in body
    assert "cs26-brouillon" not in body
    assert "/cohorts/cs26-2026/calendar.ics" in body


def test_unknown_or_unpublished_cohort_is_404(client, cs26):
    add_cohort(cs26, "cs26-brouillon", shift_days=364, is_public=False)

    assert client.get(URL, {"cohort": "nope"}).status_code == 404
    assert client.get(URL, {"cohort": "cs26-brouillon"}).status_code == 404


def test_times_are_shown_in_the_cohorts_zone(client, cs26):
    # A Réunion edition (UTC+4): 8:30 there is 4:30 UTC, and must read « 8 h 30 », morning.
    Cohort.objects.filter(pk=cs26.pk).update(is_public=False)
    reunion = Cohort.objects.create(
        programme=cs26.programme,
        slug="cs26-reunion",
        title="CS26 La Réunion",
        timezone="Indian/Reunion",
    )
    zone = ZoneInfo("Indian/Reunion")
    Slot.objects.create(
        cohort=reunion,
        module=Module.objects.get(programme=cs26.programme, number=1),
        position=1,
        start=datetime(2026, 3, 2, 8, 30, tzinfo=zone),
        end=datetime(2026, 3, 2, 11, 30, tzinfo=zone),
    )

    rows = calendar_rows(client.get(URL))

    assert "lundi 2 mars 2026" in rows[1]
    assert "Matin : 8 h 30 – 11 h 30" in rows[1]


def test_a_programme_without_a_published_cohort_still_shows_its_modules(client, cs26):
    Cohort.objects.filter(pk=cs26.pk).update(is_public=False)

    text = page_text(client.get(URL))

    assert "La prochaine promotion n'est pas encore programmée." in text
    assert "Gouvernance dans l'ESS" in text
    assert "calendar.ics" not in client.get(URL).content.decode()


# --- The home page -------------------------------------------------------------------


def test_home_lists_cs26_with_its_hours_dates_and_link(client, cs26):
    response = client.get("/")
    text = page_text(response)

    assert response.status_code == 200
    assert "Innovations sociales – Économie sociale et solidaire" in text
    assert "Certificat de spécialisation (CS26)" in text
    assert "Niveau 7 (Bac + 5 et plus)" in text
    assert "Durée 90 h" in text
    assert "CS26 2025, du 20 janvier 2025 au 21 mai 2025" in text
    assert 'href="/programmes/CS26/"' in response.content.decode()


# --- Layout and accessibility basics ---------------------------------------------------


def test_layout_has_language_skip_link_landmarks_and_language_switcher(client, cs26):
    body = client.get(URL).content.decode()

    assert '<html lang="fr">' in body
    assert '<a class="skip-link" href="#contenu">' in body
    assert '<main id="contenu"' in body
    assert '<nav class="site-nav" aria-label="Navigation principale">' in body
    assert 'action="/i18n/setlang/" method="post"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert 'name="language" value="en"' in body
    assert "/static/essor/essor.css" in body
    assert "/static/django_htmx/htmx-2.min.js" in body
    # Headings in order: one h1, then h2 sections.
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", body)]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))


def test_english_version_still_renders(client, cs26):
    response = client.get(URL, headers={"accept-language": "en"})

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Économie sociale et solidaire, capitalisme et démocratie" in page_text(response)
    assert client.get("/", headers={"accept-language": "en"}).status_code == 200


def test_language_can_be_switched_with_the_footer_form(client, cs26):
    response = client.post("/i18n/setlang/", {"language": "en", "next": URL})

    assert response.status_code == 302
    assert response["Location"] == URL
    assert '<html lang="en">' in client.get(URL).content.decode()


# --- Query counts ----------------------------------------------------------------------


def _grow(cs26: Cohort) -> None:
    """More of everything: a second public cohort, an extra module, a second programme."""
    extra = Module.objects.create(
        programme=cs26.programme,
        number=15,
        title="Module supplémentaire",
        kind="course",
        format="day",
    )
    add_cohort(cs26, "cs26-2026", shift_days=364)
    Slot.objects.create(
        cohort=cs26,
        module=extra,
        position=1,
        start=datetime(2025, 6, 2, 9, tzinfo=ZoneInfo("Europe/Paris")),
        end=datetime(2025, 6, 2, 12, 30, tzinfo=ZoneInfo("Europe/Paris")),
    )
    other = Programme.objects.create(
        code="CS99",
        title="Autre programme",
        certificate_name="Certificat (CS99)",
        institution="Cnam",
        level=6,
        level_label="Niveau 6",
        summary="Autre.",
        declared_hours=3,
        day_hours=7,
        half_day_hours=3,
    )
    other_cohort = Cohort.objects.create(programme=other, slug="cs99-2025", title="CS99 2025")
    Slot.objects.create(
        cohort=other_cohort,
        module=Module.objects.create(
            programme=other, number=1, title="Seul module", kind="opening", format="half_day"
        ),
        position=1,
        start=datetime(2025, 9, 1, 14, tzinfo=ZoneInfo("Europe/Paris")),
        end=datetime(2025, 9, 1, 17, tzinfo=ZoneInfo("Europe/Paris")),
    )


@pytest.mark.usefixtures("page_cache_off")
def test_home_query_count_does_not_grow_with_the_data(client, cs26, django_assert_num_queries):
    # 1 programmes, 2 their public cohorts (prefetch), 3 slots of the featured cohorts.
    with django_assert_num_queries(3):
        client.get("/")

    _grow(cs26)

    with django_assert_num_queries(3):
        response = client.get("/")
    assert "Autre programme" in page_text(response)


@pytest.mark.usefixtures("page_cache_off")
def test_programme_query_count_does_not_grow_with_the_data(client, cs26, django_assert_num_queries):
    # 1 programme, 2 its public cohorts, 3 modules, 4 the chosen cohort's slots (prefetch).
    with django_assert_num_queries(4):
        client.get(URL)

    _grow(cs26)

    with django_assert_num_queries(4):
        response = client.get(URL, {"cohort": "cs26-2025"})
    assert "Module supplémentaire" in page_text(response)
    with django_assert_num_queries(4):
        client.get(URL, {"cohort": "cs26-2026"})
