"""Personal spaces and dashboards: what each role finds on arriving, with the clock frozen.

CS26 2025: module 1 on Monday 20 January 2025, 14 h – 17 h (Paris); the statement of
intent is due then. Tutoring days are modules 9, 11 and 13.
"""

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from essor.cohorts import selectors
from essor.cohorts.models import Application, EnrolmentStatus
from essor.cohorts.services import assign_tutor
from essor.core import clock
from essor.core.errors import DomainError
from essor.coursework import services as coursework
from tests.factories import OrganisationFactory, UserFactory, enrol, grant

PARIS = ZoneInfo("Europe/Paris")
COHORT = "/cohorts/cs26-2025"


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def freeze(monkeypatch):
    def at(moment):
        monkeypatch.setattr(clock, "now", lambda: moment)

    return at


def text_of(response) -> str:
    """The page as read: tags dropped (a block or a cell ends with a space), entities
    decoded, whitespace collapsed."""
    html = re.sub(r"<(br|/?(p|li|dt|dd|th|td|tr|h\d|div))\b[^>]*>", " ", response.content.decode())
    return " ".join(unescape(strip_tags(html)).split())


def get(client, user, url, **kwargs):
    client.force_login(user)
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response


def submit(enrolment, user, freeze, moment, body="Ma note d'intention."):
    freeze(moment)
    coursework.save_and_submit_statement(enrolment=enrolment, body=body, by=user)


def draft(enrolment, user, body="Début de ma note."):
    coursework.save_statement_draft(enrolment=enrolment, body=body, by=user, explicit=True)


def add_participants(cohort, count, *, tutor=None):
    return [
        enrol(UserFactory(), cohort, tutor=tutor, organisation=OrganisationFactory())
        for _ in range(count)
    ]


# --- « Mon espace » -----------------------------------------------------------------------


def test_one_role_in_one_cohort_goes_straight_to_its_page(client, personas):
    client.force_login(personas["auditeur"])
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"] == f"{COHORT}/me/"
    client.force_login(personas["coordination"])
    assert client.get("/home/")["Location"] == f"{COHORT}/dashboard/"


def test_several_roles_list_each_cohort_with_its_pages(client, personas, other_cohort):
    grant(personas["coordination"], other_cohort, "tutor")
    grant(personas["coordination"], personas["enrolment"].cohort, "speaker")
    page = text_of(get(client, personas["coordination"], "/home/"))
    assert "CS26 2025" in page and "CS26 autre" in page
    html = get(client, personas["coordination"], "/home/").content.decode()
    assert f'href="{COHORT}/dashboard/"' in html
    assert f'href="{COHORT}/speaker/"' in html
    assert 'href="/cohorts/cs26-autre/tutor/"' in html
    # The coordinator's dashboard comes before the speaker's page in the same cohort.
    assert html.index(f"{COHORT}/dashboard/") < html.index(f"{COHORT}/speaker/")


def test_a_person_without_any_role_is_told_what_will_appear(client, db):
    page = text_of(get(client, UserFactory(), "/home/"))
    assert "Vous n'avez encore de rôle dans aucune promotion" in page


# --- Participant home ---------------------------------------------------------------------


def test_participant_home_shows_the_next_half_day(client, personas, freeze):
    freeze(paris(2025, 1, 20, 9, 0))
    page = text_of(get(client, personas["auditeur"], f"{COHORT}/me/"))
    assert "Module 1 : Présentation de la formation" in page
    assert "Lundi 20 janvier 2025, après-midi : 14 h – 17 h" in page
    assert "en cours" not in page


def test_the_half_day_under_way_is_marked_en_cours(client, personas, freeze):
    freeze(paris(2025, 1, 21, 10, 0))
    page = text_of(get(client, personas["auditeur"], f"{COHORT}/me/"))
    assert "en cours Module 2 : Économie sociale et solidaire, capitalisme et démocratie" in page
    assert "Mardi 21 janvier 2025, matin : 9 h – 12 h 30" in page


def test_after_the_last_half_day_nothing_is_announced(client, personas, freeze):
    freeze(paris(2025, 6, 1, 9, 0))
    page = text_of(get(client, personas["auditeur"], f"{COHORT}/me/"))
    assert "Toutes les demi-journées de la promotion sont passées." in page


def test_participant_home_shows_the_statement_state_and_deadline(client, personas, freeze):
    freeze(paris(2025, 1, 5, 9, 0))
    page = text_of(get(client, personas["auditeur"], f"{COHORT}/me/"))
    assert "État : non commencée" in page
    assert "À remettre avant le début du module 1 : lundi 20 janvier 2025 à 14 h." in page

    submit(personas["enrolment"], personas["auditeur"], freeze, paris(2025, 1, 10, 18, 0))
    page = text_of(get(client, personas["auditeur"], f"{COHORT}/me/"))
    assert "État : remise — remise le vendredi 10 janvier 2025" in page


def test_a_statement_not_submitted_after_module_1_is_shown_late(client, personas, freeze):
    draft(personas["enrolment"], personas["auditeur"])
    freeze(paris(2025, 1, 22, 9, 0))
    page = text_of(get(client, personas["auditeur"], f"{COHORT}/me/"))
    assert "État : en retard (non remise)" in page


def test_participant_home_links_to_statement_calendar_and_convocation(client, personas):
    html = get(client, personas["auditeur"], f"{COHORT}/me/").content.decode()
    assert f'href="{COHORT}/calendar.ics"' in html
    assert f'href="{COHORT}/convocation.pdf"' in html
    assert f'href="{COHORT}/statement/"' in html


def test_progress_states_the_rule_with_real_attendance_figures(client, personas):
    page = text_of(get(client, personas["auditeur"], f"{COHORT}/me/"))
    assert "Présence à chaque demi-journée (26 au programme)" in page
    assert "Note personnelle produite et acceptée" in page
    # Attendance is measured; only the note is still to come.
    assert "suivies sur 90 h prévues" in page
    assert page.count("À venir :") == 1
    assert "%" not in page


def test_participant_home_names_their_tutor_and_organisation(client, personas):
    enrolment = personas["enrolment"]
    tutor = personas["tuteur"]
    page = text_of(get(client, personas["auditeur"], f"{COHORT}/me/"))
    assert f"{tutor.first_name} {tutor.last_name}" in page
    assert f"{enrolment.organisation.name} (association) — Directrice" in page


# --- Coordinator dashboard ----------------------------------------------------------------


def dashboard(client, personas, query=""):
    return get(client, personas["coordination"], f"{COHORT}/dashboard/{query}")


def row_ids(response) -> list[int]:
    return [row.enrolment.pk for row in response.context["board"].rows]


def test_dashboard_lists_each_participant_with_everything_needed(client, personas, freeze):
    freeze(paris(2025, 1, 2, 9, 0))
    auditeur, enrolment = personas["auditeur"], personas["enrolment"]
    response = dashboard(client, personas)
    page = text_of(response)
    html = response.content.decode()
    assert f"{auditeur.last_name.upper()} {auditeur.first_name}" in page
    assert f"{enrolment.organisation.name} Association" in page
    assert 'data-status="enrolled">Inscrit·e' in html
    assert 'data-state="missing"><span class="state state--missing">Non commencée' in html
    # The inline form shows the current tutor selected.
    assert f'<option value="{personas["tuteur"].pk}" selected>' in html
    assert set(row_ids(response)) == {enrolment.pk, personas["enrolment2"].pk}
    assert "2 auditeur·rices affiché·es sur 2" in page


def test_dashboard_shows_only_its_own_cohort(client, personas):
    assert personas["other_enrolment"].pk not in row_ids(dashboard(client, personas))


def test_filters_by_status_statement_and_tutor(client, personas, freeze):
    freeze(paris(2025, 1, 2, 9, 0))
    e1, e2 = personas["enrolment"], personas["enrolment2"]
    submit(e2, personas["auditeur2"], freeze, paris(2025, 1, 3, 9, 0))
    withdrawn = enrol(UserFactory(), e1.cohort, status=EnrolmentStatus.WITHDRAWN)
    untutored = enrol(UserFactory(), e1.cohort)

    assert row_ids(dashboard(client, personas, "?status=withdrawn")) == [withdrawn.pk]
    assert row_ids(dashboard(client, personas, "?statement=submitted")) == [e2.pk]
    assert row_ids(dashboard(client, personas, f"?tutor={personas['tuteur'].pk}")) == [e1.pk]
    assert set(row_ids(dashboard(client, personas, "?tutor=none"))) == {
        withdrawn.pk,
        untutored.pk,
    }
    combined = dashboard(client, personas, "?statement=missing&tutor=none&status=enrolled")
    assert row_ids(combined) == [untutored.pk]
    assert "1 auditeur·rice affiché·e sur 4" in text_of(combined)


def test_unknown_filter_values_are_ignored(client, personas):
    response = dashboard(client, personas, "?status=nope&statement=<b>&tutor=999999")
    assert not response.context["board"].filters.active
    assert len(row_ids(response)) == 2


def test_counts_describe_the_whole_cohort_even_when_filtered(client, personas, freeze):
    freeze(paris(2025, 1, 2, 9, 0))
    enrol(UserFactory(), personas["enrolment"].cohort, status=EnrolmentStatus.WITHDRAWN)
    board = dashboard(client, personas, "?status=withdrawn").context["board"]
    counts = {item.code: item.count for item in board.by_status}
    assert counts == {"admitted": 0, "enrolled": 2, "withdrawn": 1, "certified": 0}
    # Statements are counted for people still following the programme only.
    assert {i.code: i.count for i in board.by_statement}["missing"] == 2


def test_no_alert_while_the_deadline_is_far(client, personas, freeze):
    freeze(paris(2024, 12, 1, 9, 0))
    page = text_of(dashboard(client, personas))
    assert "Aucune alerte" in page


def test_alert_for_statements_missing_or_draft_within_7_days(client, personas, freeze):
    freeze(paris(2025, 1, 10, 9, 0))
    draft(personas["enrolment2"], personas["auditeur2"])
    freeze(paris(2025, 1, 15, 9, 0))  # five days before module 1
    response = dashboard(client, personas)
    alerts = {row.enrolment.pk: row.state.code for row in response.context["board"].alerts}
    assert alerts == {personas["enrolment"].pk: "missing", personas["enrolment2"].pk: "draft"}
    page = text_of(response)
    auditeur = personas["auditeur"]
    assert (
        f"{auditeur.first_name} {auditeur.last_name} : note d'intention non commencée "
        "— échéance : lundi 20 janvier 2025"
    ) in page


def test_alert_when_the_deadline_passed_but_not_for_submitted_or_withdrawn(
    client, personas, freeze
):
    submit(personas["enrolment2"], personas["auditeur2"], freeze, paris(2025, 1, 10, 9, 0))
    gone = enrol(UserFactory(), personas["enrolment"].cohort, status=EnrolmentStatus.WITHDRAWN)
    freeze(paris(2025, 1, 21, 9, 0))
    alerts = dashboard(client, personas).context["board"].alerts
    assert [(r.enrolment.pk, r.state.code) for r in alerts] == [
        (personas["enrolment"].pk, "overdue")
    ]
    assert gone.pk not in [r.enrolment.pk for r in alerts]


def test_applications_waiting_are_counted_and_linked(client, personas):
    cohort = personas["enrolment"].cohort
    for status in ("submitted", "submitted", "waitlisted", "refused"):
        Application.objects.create(
            cohort=cohort,
            first_name="Candidate",
            last_name=status,
            email=f"{status}@exemple.fr",
            organisation_name="Structure",
            organisation_family="association",
            region="IDF",
            position="Directrice",
            diploma_level=7,
            motivation="Motivation",
            cv="applications/cv/cv.pdf",
            funding="employer",
            status=status,
        )
    response = dashboard(client, personas)
    assert "2 candidatures attendent une décision. (1 sur liste d'attente.)" in text_of(response)
    assert f'href="{COHORT}/applications/"' in response.content.decode()


def test_export_links_keep_the_filters(client, personas):
    html = dashboard(client, personas, "?status=enrolled&tutor=none").content.decode()
    assert f'href="{COHORT}/export.csv?status=enrolled&amp;tutor=none"' in html
    assert f'href="{COHORT}/export.xlsx?status=enrolled&amp;tutor=none"' in html


def queries_for(client, user, url) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("url", "persona"),
    [
        (f"{COHORT}/dashboard/", "coordination"),
        (f"{COHORT}/speaker/", "intervenant"),
        (f"{COHORT}/tutor/", "tuteur"),
        (f"{COHORT}/tutor/", "coordination"),
        (f"{COHORT}/partner/", "partenaire"),
    ],
)
def test_list_pages_cost_the_same_with_3_or_20_participants(client, personas, url, persona):
    cohort = personas["enrolment"].cohort
    add_participants(cohort, 1, tutor=personas["tuteur"])
    small = queries_for(client, personas[persona], url)
    people = add_participants(cohort, 17, tutor=personas["tuteur"])
    for enrolment in people[:5]:
        draft(enrolment, enrolment.user)
    assert queries_for(client, personas[persona], url) == small


@pytest.mark.usefixtures("page_cache_off")
def test_dashboard_query_count_is_pinned(client, personas, django_assert_num_queries):
    add_participants(personas["enrolment"].cohort, 18, tutor=personas["tuteur2"])
    client.force_login(personas["coordination"])
    # session, user, cohort, the user's roles, the cohort's tutors, the statement deadline,
    # enrolments (with user, application, organisation, tutor), their statements, the
    # applications' counts.
    with django_assert_num_queries(9):
        client.get(f"{COHORT}/dashboard/")


# --- Tutor assignment ---------------------------------------------------------------------


def test_assign_tutor_sets_and_removes_the_tutor(personas):
    enrolment = personas["enrolment"]
    assign_tutor(enrolment=enrolment, tutor=personas["tuteur2"], by=personas["coordination"])
    enrolment.refresh_from_db()
    assert enrolment.tutor == personas["tuteur2"]
    assign_tutor(enrolment=enrolment, tutor=None, by=personas["coordination"])
    enrolment.refresh_from_db()
    assert enrolment.tutor is None


@pytest.mark.parametrize("who", ["auditeur2", "intervenant", "outsider_tutor"])
def test_only_a_tutor_of_the_cohort_can_be_assigned(personas, other_cohort, who):
    if who == "outsider_tutor":
        person = grant(UserFactory(), other_cohort, "tutor").user
    else:
        person = personas[who]
    enrolment = personas["enrolment"]
    with pytest.raises(DomainError) as error:
        assign_tutor(enrolment=enrolment, tutor=person, by=personas["coordination"])
    assert error.value.code == "not_a_tutor"
    assert "n'est pas tuteur·rice de la promotion CS26 2025" in error.value.message
    enrolment.refresh_from_db()
    assert enrolment.tutor == personas["tuteur"]


def assign_url(enrolment) -> str:
    return f"{COHORT}/enrolments/{enrolment.pk}/tutor"


def test_the_form_changes_the_tutor_without_javascript(client, personas):
    client.force_login(personas["coordination"])
    enrolment = personas["enrolment"]
    response = client.post(
        assign_url(enrolment),
        {"tutor": personas["tuteur2"].pk, "query": "status=enrolled&evil=1\r\nX: y"},
    )
    assert response.status_code == 302
    # Back to the same filtered list; only known filters survive.
    assert response["Location"] == f"{COHORT}/dashboard/?status=enrolled"
    enrolment.refresh_from_db()
    assert enrolment.tutor == personas["tuteur2"]
    page = text_of(client.get(response["Location"]))
    assert f"Tuteur·rice de {enrolment.user.first_name} {enrolment.user.last_name}" in page


def test_the_form_swaps_the_cell_with_htmx(client, personas):
    client.force_login(personas["coordination"])
    enrolment = personas["enrolment"]
    response = client.post(
        assign_url(enrolment), {"tutor": personas["tuteur2"].pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment, not a page
    assert f'<option value="{personas["tuteur2"].pk}" selected>' in html
    assert 'id="messages" hx-swap-oob="innerHTML"' in html
    enrolment.refresh_from_db()
    assert enrolment.tutor == personas["tuteur2"]


def test_the_form_refuses_someone_who_is_not_a_tutor(client, personas):
    client.force_login(personas["coordination"])
    enrolment = personas["enrolment"]
    response = client.post(
        assign_url(enrolment), {"tutor": personas["auditeur2"].pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "n'est pas tuteur·rice de la promotion" in text_of(response)
    # The current tutor stays selected: nothing changed.
    assert f'<option value="{personas["tuteur"].pk}" selected>' in html
    enrolment.refresh_from_db()
    assert enrolment.tutor == personas["tuteur"]


def test_the_form_refuses_a_value_not_in_the_list(client, personas):
    client.force_login(personas["coordination"])
    response = client.post(assign_url(personas["enrolment"]), {"tutor": "abc"}, follow=True)
    assert "Choisissez un·e tuteur·rice dans la liste." in text_of(response)
    personas["enrolment"].refresh_from_db()
    assert personas["enrolment"].tutor == personas["tuteur"]


def test_an_enrolment_of_another_cohort_is_not_found(client, personas):
    client.force_login(personas["coordination"])
    response = client.post(
        assign_url(personas["other_enrolment"]), {"tutor": personas["tuteur"].pk}
    )
    assert response.status_code == 404


# --- Speaker home -------------------------------------------------------------------------


def test_speaker_home_lists_upcoming_half_days_first(client, personas, freeze):
    freeze(paris(2025, 3, 1, 9, 0))
    response = get(client, personas["intervenant"], f"{COHORT}/speaker/")
    view = response.context["view"]
    assert view.upcoming[0].module.number == 7  # 17 March 2025
    assert view.past[0].module.number == 6  # the most recent first
    assert len(view.upcoming) + len(view.past) == 26
    html = response.content.decode()
    assert html.index("Demi-journées à venir") < html.index("Demi-journées passées")
    page = text_of(response)
    assert "Lundi 17 mars 2025, matin 10 h – 12 h 30" in page
    assert "ne sont pas encore rattaché·es à leurs modules" in page


def test_speaker_home_lists_participants_without_private_details(client, personas):
    response = get(client, personas["intervenant"], f"{COHORT}/speaker/")
    page = text_of(response)
    auditeur = personas["auditeur"]
    assert f"{auditeur.last_name.upper()} {auditeur.first_name}" in page
    assert personas["enrolment"].organisation.name in page
    assert auditeur.email not in page
    assert personas["autre_auditeur"].last_name.upper() not in page


# --- Tutor home ---------------------------------------------------------------------------


def test_a_tutor_sees_their_participants_only(client, personas, freeze):
    freeze(paris(2025, 1, 2, 9, 0))
    draft(personas["enrolment"], personas["auditeur"])
    response = get(client, personas["tuteur"], f"{COHORT}/tutor/")
    rows = response.context["view"].rows
    assert [r.enrolment.pk for r in rows] == [personas["enrolment"].pk]
    page = text_of(response)
    assert "Mes auditeur·rices" in page
    assert "Brouillon" in page
    # The tutor reads the statement on its own page.
    assert f'href="/statements/{personas["enrolment"].pk}/"' in response.content.decode()
    assert personas["enrolment"].organisation.name in page
    assert personas["auditeur2"].email not in page


def test_the_coordination_sees_every_participant_on_the_tutor_page(client, personas):
    response = get(client, personas["coordination"], f"{COHORT}/tutor/")
    assert {r.enrolment.pk for r in response.context["view"].rows} == {
        personas["enrolment"].pk,
        personas["enrolment2"].pk,
    }
    assert "Toutes les personnes suivies" in text_of(response)


def test_tutor_home_lists_the_tutoring_days_with_their_dates(client, personas):
    response = get(client, personas["tuteur"], f"{COHORT}/tutor/")
    days = response.context["view"].days
    assert [d.number for d in days] == [9, 11, 13]
    assert [d.oral for d in days] == [False, False, True]
    page = text_of(response)
    assert "Mercredi 19 mars 2025, matin : 8 h 30 – 12 h 30" in page
    assert "Mardi 20 mai 2025, après-midi : 14 h – 17 h 30" in page
    assert "présentations orales" in page


# --- Partner page -------------------------------------------------------------------------


def test_partner_page_shows_no_name_and_hides_small_counts(client, personas):
    response = get(client, personas["partenaire"], f"{COHORT}/partner/")
    page = text_of(response)
    for key in ("auditeur", "auditeur2"):
        person = personas[key]
        assert person.last_name not in page
        assert person.email not in page
    assert personas["enrolment"].organisation.name not in page
    # Two participants, two organisations: too few to show.
    figures = response.context["figures"]
    assert figures.enrolled.shown == "moins de 3"
    assert "Auditeur·rices inscrit·es moins de 3" in page


def test_partner_page_shows_counts_of_three_or_more(client, personas):
    cohort = personas["enrolment"].cohort
    for family in ["association"] * 3 + ["cooperative"] * 4:
        enrol(UserFactory(), cohort, organisation=OrganisationFactory(family=family))
    figures = get(client, personas["partenaire"], f"{COHORT}/partner/").context["figures"]
    assert figures.enrolled.shown == "9"
    # The personas' two organisations are associations too: 5 associations, 4 coopératives.
    assert [(c.label, c.shown) for c in figures.by_family] == [
        ("association", "5"),
        ("coopérative", "4"),
    ]
    assert [(c.label, c.shown) for c in figures.by_region] == [("Île-de-France", "9")]


def test_one_small_count_hides_a_second_so_it_cannot_be_deduced():
    cells = selectors.suppress([("a", 10), ("b", 2), ("c", 4), ("d", 0)])
    assert [c.shown for c in cells] == ["10", "moins de 3", "moins de 3", "0"]
    # Two hidden counts already protect each other.
    cells = selectors.suppress([("a", 10), ("b", 1), ("c", 2)])
    assert [c.shown for c in cells] == ["10", "moins de 3", "moins de 3"]
    assert [c.shown for c in selectors.suppress([("a", 3), ("b", 5)])] == ["3", "5"]
