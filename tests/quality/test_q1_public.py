"""The public results page: finished cohorts only, figures from the records, method
notes, satisfaction hidden under 5 answers, a fixed number of queries."""

import pytest

from essor.quality.results import programme_results
from tests.quality.test_q1_bilan import crafted, end_survey, frozen  # noqa: F401


def test_the_public_page_shows_the_figures(crafted, client):  # noqa: F811
    cohort = crafted["cohort"]
    end_survey(cohort, [5, 4, 4, 3, 5])
    response = client.get("/programmes/CS26/resultats/")
    assert response.status_code == 200
    html = response.content.decode()
    assert cohort.title in html
    assert "80,0\u00a0%" in html and "10,0\u00a0%" in html and "20,0\u00a0%" in html
    assert "4,2 sur 5" in html  # (5+4+4+3+5)/5
    assert "Méthode de calcul" in html
    for enrolment in crafted["people"]:
        assert enrolment.user.last_name not in html


def test_an_unfinished_cohort_is_not_counted(cs26, monkeypatch):
    import datetime

    from essor.core import clock

    monkeypatch.setattr(clock, "now", lambda: datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC))
    results = programme_results(cs26.programme)
    assert results.cohorts == [] and results.total.participants == 0


def test_satisfaction_under_five_answers_is_not_shown(crafted, client):  # noqa: F811
    end_survey(crafted["cohort"], [5, 4])
    html = client.get("/programmes/CS26/resultats/").content.decode()
    assert "moins de 5 réponses" in html


@pytest.mark.parametrize("size", [2, 7])
def test_the_figures_take_a_fixed_number_of_queries(
    cs26,
    frozen,  # noqa: F811
    size,
    django_assert_num_queries,
):
    from tests.quality.test_q1_bilan import attend_all, make_participants

    attend_all(cs26, make_participants(cs26, size))
    # cohorts, slots, enrolments, records, derogations, certificates, 2 × satisfaction.
    with django_assert_num_queries(8):
        results = programme_results(cs26.programme)
    assert results.total.participants == size


def test_the_programme_page_links_to_the_results(cs26, client):
    html = client.get("/programmes/CS26/").content.decode()
    assert 'href="/programmes/CS26/resultats/"' in html
