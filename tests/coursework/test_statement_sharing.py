"""Opt-in sharing with the cohort: only shared AND submitted statements, only to the
cohort's participants and teaching team."""

import pytest

from essor.core.errors import DomainError
from essor.coursework import services
from essor.coursework.models import StatementOfIntent
from tests.factories import UserFactory, enrol

from .documents import pdf_upload

SHARED = "/cohorts/cs26-2025/statements/shared/"


def write(enrolment, body, *, share: bool, submit: bool):
    me = enrolment.user
    services.save_statement_draft(enrolment=enrolment, body=body, by=me, explicit=True)
    services.set_statement_sharing(enrolment=enrolment, shared=share, by=me)
    if submit:
        services.submit_statement(enrolment=enrolment, by=me)


def test_sharing_is_the_participants_own_choice(personas):
    enrolment = personas["enrolment"]
    with pytest.raises(DomainError) as error:
        services.set_statement_sharing(enrolment=enrolment, shared=True, by=personas["tuteur"])
    assert error.value.code == "not_owner"
    services.set_statement_sharing(enrolment=enrolment, shared=True, by=personas["auditeur"])
    assert StatementOfIntent.objects.get(enrolment=enrolment).shared_with_cohort


def test_the_checkbox_records_the_choice(client, personas):
    client.force_login(personas["auditeur"])
    page = client.get("/cohorts/cs26-2025/statement/").content.decode()
    assert "Partager ma note avec la promotion pour les présentations du module 1" in page
    client.post("/cohorts/cs26-2025/statement/sharing", {"shared": "on"})
    assert StatementOfIntent.objects.get().shared_with_cohort
    client.post("/cohorts/cs26-2025/statement/sharing", {})
    assert not StatementOfIntent.objects.get().shared_with_cohort


def test_only_shared_and_submitted_statements_are_listed(client, personas, cs26):
    write(personas["enrolment"], "Note partagée et remise", share=True, submit=True)
    write(personas["enrolment2"], "Note remise non partagée", share=False, submit=True)
    third = enrol(UserFactory(username="auditeur3"), cs26)
    write(third, "Brouillon partagé", share=True, submit=False)
    client.force_login(personas["auditeur2"])
    html = client.get(SHARED).content.decode()
    assert "Note partagée et remise" in html
    assert "Note remise non partagée" not in html
    assert "Brouillon partagé" not in html


def test_the_cohort_sees_the_submitted_version_not_later_edits(client, personas):
    enrolment = personas["enrolment"]
    write(enrolment, "Version remise", share=True, submit=True)
    services.save_statement_draft(
        enrolment=enrolment, body="Retouche privée", by=personas["auditeur"], explicit=True
    )
    client.force_login(personas["auditeur2"])
    html = client.get(SHARED).content.decode()
    assert "Version remise" in html
    assert "Retouche privée" not in html


def test_html_in_a_shared_statement_is_escaped(client, personas):
    write(personas["enrolment"], "<script>alert(1)</script> **fort**", share=True, submit=True)
    client.force_login(personas["auditeur2"])
    html = client.get(SHARED).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "<strong>fort</strong>" in html


@pytest.mark.parametrize("name", ["auditeur2", "coordination", "tuteur", "tuteur2", "intervenant"])
def test_the_cohort_and_its_teaching_team_read_the_shared_statements(client, personas, name):
    write(personas["enrolment"], "Note partagée", share=True, submit=True)
    client.force_login(personas[name])
    response = client.get(SHARED)
    assert response.status_code == 200
    assert "Note partagée" in response.content.decode()


@pytest.mark.parametrize("name", ["autre_auditeur", "partenaire"])
def test_another_cohorts_participant_and_partners_get_a_404(client, personas, name):
    write(personas["enrolment"], "Note partagée", share=True, submit=True)
    client.force_login(personas[name])
    assert client.get(SHARED).status_code == 404


def test_a_shared_file_is_downloadable_by_the_cohort(client, personas):
    enrolment = personas["enrolment"]
    me = personas["auditeur"]
    services.upload_statement_file(enrolment=enrolment, upload=pdf_upload(2), by=me)
    services.set_statement_sharing(enrolment=enrolment, shared=True, by=me)
    services.submit_statement(enrolment=enrolment, by=me)
    url = f"/cohorts/cs26-2025/statements/shared/{enrolment.pk}/file"
    client.force_login(personas["auditeur2"])
    assert url in client.get(SHARED).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(personas["autre_auditeur"])
    assert client.get(url).status_code == 404


def test_an_unshared_file_is_not_downloadable_through_the_shared_page(client, personas):
    enrolment = personas["enrolment"]
    me = personas["auditeur"]
    services.upload_statement_file(enrolment=enrolment, upload=pdf_upload(2), by=me)
    services.submit_statement(enrolment=enrolment, by=me)
    client.force_login(personas["auditeur2"])
    url = f"/cohorts/cs26-2025/statements/shared/{enrolment.pk}/file"
    assert client.get(url).status_code == 404
    # Nor by guessing another cohort's slug with the same id.
    client.force_login(personas["autre_auditeur"])
    assert (
        client.get(f"/cohorts/cs26-autre/statements/shared/{enrolment.pk}/file").status_code == 404
    )


def test_the_shared_list_runs_a_fixed_number_of_queries(
    client, personas, cs26, django_assert_num_queries
):
    def add_shared(n):
        for i in range(n):
            enrolment = enrol(UserFactory(), cs26)
            write(enrolment, f"Note {i}", share=True, submit=True)

    add_shared(2)
    client.force_login(personas["auditeur"])
    # session, user, roles of the user, cohort, statements (with people), their versions
    with django_assert_num_queries(6):
        assert client.get(SHARED).status_code == 200
    add_shared(5)
    with django_assert_num_queries(6):
        html = client.get(SHARED).content.decode()
    assert html.count('class="shared-statement"') == 7
