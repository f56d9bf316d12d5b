"""« Mes données » and the retention schedule page."""

import pytest

from essor.privacy.models import FunderRetention, RetentionRule
from essor.privacy.selectors import my_retention
from tests.factories import CohortFactory, OrganisationFactory, UserFactory, enrol

from .data import crafted

pytestmark = pytest.mark.django_db


def test_my_data_page_shows_kinds_dates_export_and_erasure(personas, client):
    crafted(personas)
    client.force_login(personas["auditeur2"])
    body = client.get("/mes-donnees/").content.decode()
    assert "Mes données" in body
    assert "21 mai 2031" in body  # attendance, OPCO: 6 years after 21 May 2025
    assert "/mes-donnees/export.zip" in body and "/mes-donnees/effacement/" in body
    assert "Signatures" in body


def test_base_links_to_my_data_for_logged_in_people(personas, client):
    client.force_login(personas["auditeur"])
    assert 'href="/mes-donnees/"' in client.get("/mes-donnees/").content.decode()


@pytest.mark.parametrize("extra", [0, 3])
def test_my_retention_query_count_does_not_grow(personas, django_assert_num_queries, extra):
    user = personas["auditeur"]
    for _n in range(extra):
        cohort = CohortFactory(programme=personas["enrolment"].cohort.programme)
        enrol(user, cohort, organisation=OrganisationFactory())
    with django_assert_num_queries(4):
        assert len(my_retention(user)) == 1 + extra


def _admin():
    return UserFactory(username="admin", is_staff=True)


def test_retention_page_is_for_administrators_only(personas, client):
    client.force_login(personas["coordination"])
    assert client.get("/donnees/conservation/").status_code == 404
    client.force_login(_admin())
    body = client.get("/donnees/conservation/").content.decode()
    assert "Conservation des données personnelles" in body
    assert "À purger maintenant" in body


def _form(**changes):
    data = {}
    for rule in RetentionRule.objects.all():
        data[f"months_{rule.kind}"] = rule.months
        data[f"action_{rule.kind}"] = rule.action
    for funder in FunderRetention.objects.all():
        data[f"funder_{funder.funding}"] = funder.months
    return data | changes


def test_schedule_can_be_edited(personas, client):
    admin = _admin()
    client.force_login(admin)
    response = client.post("/donnees/conservation/", _form(months_coursework=18, funder_opco=84))
    assert response.status_code == 302
    rule = RetentionRule.objects.get(kind="coursework")
    assert rule.months == 18 and rule.updated_by == admin
    assert FunderRetention.objects.get(funding="opco").months == 84


def test_legal_kinds_cannot_go_under_36_months(personas, client):
    client.force_login(_admin())
    response = client.post(
        "/donnees/conservation/", _form(months_attendance=12, months_coursework=6)
    )
    body = response.content.decode()
    assert "Au moins 36 mois pour cette catégorie." in body
    assert 'value="6"' in body  # what was typed comes back
    assert RetentionRule.objects.get(kind="attendance").months == 36
    assert RetentionRule.objects.get(kind="coursework").months == 24


def test_certificates_are_never_deleted(personas, client):
    client.force_login(_admin())
    response = client.post("/donnees/conservation/", _form(action_certificates="delete"))
    assert "Un certificat doit rester vérifiable" in response.content.decode()
    assert RetentionRule.objects.get(kind="certificates").action == "anonymise"
