"""The foresight pages: create, edit and compute each tool; invalid cells; the list."""

import pytest
from django.urls import reverse

from essor.foresight import engine
from essor.foresight.models import Study

pytestmark = pytest.mark.django_db


def create(client, personas, who="auditeur", tool="micmac", title="Mon étude"):
    client.force_login(personas[who])
    response = client.post(
        reverse("foresight:create", kwargs={"slug": "cs26-2025"}), {"tool": tool, "title": title}
    )
    assert response.status_code == 302
    return Study.objects.latest("pk")


def study_url(study):
    return reverse("foresight:study", kwargs={"study_id": study.pk})


def micmac_post(labels, matrix, **extra):
    data = {
        "title": "Mon étude",
        "labels": "\n".join(labels),
        "previous": _json({"labels": labels}),
    }
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            data[f"mid-{i}-{j}"] = str(value)
    data.update(extra)
    return data


def _json(value):
    import json

    return json.dumps(value, ensure_ascii=False)


MATRIX = [[0, 3, 1, 0], [1, 0, 2, "P"], [0, 1, 0, 2], [2, 0, 1, 0]]
LABELS = ["Bénévoles", "Financement", "Gouvernance", "Partenaires"]


def test_participant_creates_a_micmac_study_and_computes_it(client, personas):
    study = create(client, personas)
    assert study.enrolment == personas["enrolment"]
    assert study.data == {"labels": [], "matrix": [], "potential_value": 3}
    # First the labels (a zero grid is drawn), then the cells.
    response = client.post(
        study_url(study),
        {"title": "Mon étude", "labels": "\n".join(LABELS), "previous": '{"labels": []}'},
    )
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.data["matrix"] == [[0] * 4 for _ in range(4)]
    page = client.get(study_url(study)).content.decode()
    assert (
        'name="mid-0-1"' in page and 'aria-label="Influence de Bénévoles sur Financement"' in page
    )

    response = client.post(study_url(study), micmac_post(LABELS, MATRIX))
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.data["matrix"] == MATRIX
    assert study.result == engine.micmac(LABELS, MATRIX, 3)
    assert study.computed_at is not None
    page = client.get(study_url(study)).content.decode()
    assert "Résultats MICMAC" in page


def test_relabelling_keeps_cells_by_label(client, personas):
    study = create(client, personas)
    client.post(study_url(study), micmac_post(LABELS, MATRIX))
    # Drop « Financement », add « Territoire »: other cells kept, new ones 0.
    new = ["Bénévoles", "Gouvernance", "Partenaires", "Territoire"]
    data = micmac_post(LABELS, MATRIX)
    data["labels"] = "\n".join(new)
    assert client.post(study_url(study), data).status_code == 302
    study.refresh_from_db()
    assert study.data["labels"] == new
    assert study.data["matrix"] == [[0, 1, 0, 0], [0, 0, 2, 0], [2, 1, 0, 0], [0, 0, 0, 0]]


def test_invalid_cell_is_400_names_the_cell_and_writes_nothing(client, personas):
    study = create(client, personas)
    client.post(study_url(study), micmac_post(LABELS, MATRIX))
    study.refresh_from_db()
    before = (study.data, study.result, study.computed_at)
    bad = [row[:] for row in MATRIX]
    bad[1][2] = 7
    bad[0][3] = 2  # a valid change, typed, must be kept on the page
    response = client.post(study_url(study), micmac_post(LABELS, bad))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ligne 2 (Financement), colonne 3 (Gouvernance)" in page
    assert 'name="mid-1-2" id="cell-mid-1-2" value="7"' in page
    assert 'aria-invalid="true"' in page
    assert 'name="mid-0-3" id="cell-mid-0-3" value="2"' in page
    study.refresh_from_db()
    assert (study.data, study.result, study.computed_at) == before


def test_mactor_through_the_page(client, personas):
    study = create(client, personas, tool="mactor", title="Acteurs")
    actors, objectives = ["État", "Région", "Association"], ["Financer", "Évaluer"]
    mid = [[0, 2, 3], [1, 0, 2], [0, 1, 0]]
    mao = [[2, -1], [1, 3], [-2, 4]]
    data = {
        "title": "Acteurs",
        "actors": "\n".join(actors),
        "objectives": "\n".join(objectives),
        "previous": _json({"actors": actors, "objectives": objectives}),
    }
    for i in range(3):
        for j in range(3):
            data[f"mid-{i}-{j}"] = str(mid[i][j])
        for k in range(2):
            data[f"mao-{i}-{k}"] = str(mao[i][k]).replace("-", "\u2212")
    assert client.post(study_url(study), data).status_code == 302
    study.refresh_from_db()
    assert study.data["mao"] == mao
    assert study.result == engine.mactor(actors, objectives, mid, mao)
    # A position out of scale: the 2MAO cell is marked, not the MID one.
    data["mao-2-1"] = "5"
    response = client.post(study_url(study), data)
    assert response.status_code == 400
    assert (
        'name="mao-2-1" id="cell-mao-2-1" value="5" '
        'aria-label="Position de Association sur Évaluer" aria-invalid="true"'
    ) in response.content.decode()


def test_morphol_through_the_page(client, personas):
    study = create(client, personas, tool="morphol", title="Scénarios")
    data = {
        "title": "Scénarios",
        "components": (
            "Financement : Public = 0,6 ; Privé = 0,4\nGouvernance : Collégiale ; Directive ; Mixte"
        ),
        "exclusions": "Privé ; Collégiale",
        "preferences": "",
        "top": "5",
    }
    assert client.post(study_url(study), data).status_code == 302
    study.refresh_from_db()
    components = [
        {
            "name": "Financement",
            "hypotheses": [{"name": "Public", "p": 0.6}, {"name": "Privé", "p": 0.4}],
        },
        {
            "name": "Gouvernance",
            "hypotheses": [{"name": "Collégiale"}, {"name": "Directive"}, {"name": "Mixte"}],
        },
    ]
    assert study.data["components"] == components
    assert study.result == engine.morphol(components, [["Privé", "Collégiale"]], [], top=5)
    assert study.result["feasible"] == 5
    data["exclusions"] = "Privé ; Inconnue"
    response = client.post(study_url(study), data)
    assert response.status_code == 400
    assert "Inconnue" in response.content.decode()
    assert "Privé ; Inconnue" in response.content.decode()


def test_smic_through_the_page(client, personas):
    study = create(client, personas, tool="smic", title="Probabilités")
    hyps = ["Baisse des subventions", "Fusion"]
    response = client.post(
        study_url(study),
        {
            "title": "Probabilités",
            "hypotheses": "\n".join(hyps),
            "expert_count": "1",
            "previous": '{"hypotheses": []}',
        },
    )
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.data["experts"][0]["p"] == [0.5, 0.5]
    data = {
        "title": "Probabilités",
        "hypotheses": "\n".join(hyps),
        "expert_count": "1",
        "previous": _json({"hypotheses": hyps}),
        "p-0-0": "0,6",
        "p-0-1": "0,3",
        "pg-0-0-1": "0,8",
        "pg-0-1-0": "0,4",
        "pgn-0-0-1": "0,5",
        "pgn-0-1-0": "0,15",
    }
    assert client.post(study_url(study), data).status_code == 302
    study.refresh_from_db()
    expert = {
        "p": [0.6, 0.3],
        "p_given": [[0.0, 0.8], [0.4, 0.0]],
        "p_given_not": [[0.0, 0.5], [0.15, 0.0]],
    }
    assert study.data["experts"] == [expert]
    assert study.result == engine.smic(hyps, [expert])
    data["pgn-0-1-0"] = "1,5"
    response = client.post(study_url(study), data)
    assert response.status_code == 400
    assert 'name="pgn-0-1-0" id="cell-pgn-0-1-0" value="1,5"' in response.content.decode()


def test_speaker_creates_a_cohort_exercise_and_shares_it(client, personas):
    study = create(client, personas, who="intervenant", title="Exercice commun")
    assert study.enrolment is None
    client.force_login(personas["auditeur"])
    assert client.get(study_url(study)).status_code == 404
    listing = client.get(reverse("foresight:list", kwargs={"slug": "cs26-2025"})).content.decode()
    assert "Exercice commun" not in listing
    client.force_login(personas["intervenant"])
    client.post(reverse("foresight:share", kwargs={"study_id": study.pk}))
    study.refresh_from_db()
    assert study.shared
    client.force_login(personas["auditeur"])
    assert client.get(study_url(study)).status_code == 200
    listing = client.get(reverse("foresight:list", kwargs={"slug": "cs26-2025"})).content.decode()
    assert "Exercice commun" in listing and "Copier dans mes études" in listing
    # The participant reads but cannot change it.
    assert client.post(study_url(study), {"title": "Pris"}).status_code == 404
    response = client.post(reverse("foresight:copy", kwargs={"study_id": study.pk}))
    copy = Study.objects.latest("pk")
    assert response.status_code == 302 and copy.enrolment == personas["enrolment"]
    assert copy.data == study.data and copy.title == study.title


def test_permissions_on_a_participants_study(client, personas):
    study = create(client, personas)
    for who, status in (
        ("auditeur2", 404),
        ("autre_auditeur", 404),
        ("intervenant", 404),
        ("tuteur", 200),
        ("coordination", 200),
    ):
        client.force_login(personas[who])
        assert client.get(study_url(study)).status_code == status, who
    client.force_login(personas["tuteur"])
    assert client.post(study_url(study), micmac_post(LABELS, MATRIX)).status_code == 404
    listing = client.get(reverse("foresight:list", kwargs={"slug": "cs26-2025"})).content.decode()
    assert "Mon étude" in listing


def test_delete(client, personas):
    study = create(client, personas)
    client.force_login(personas["auditeur2"])
    assert (
        client.post(reverse("foresight:delete", kwargs={"study_id": study.pk})).status_code == 404
    )
    client.force_login(personas["auditeur"])
    assert (
        client.post(reverse("foresight:delete", kwargs={"study_id": study.pk})).status_code == 302
    )
    assert not Study.objects.filter(pk=study.pk).exists()


def test_create_without_title_is_400(client, personas):
    client.force_login(personas["auditeur"])
    response = client.post(
        reverse("foresight:create", kwargs={"slug": "cs26-2025"}), {"tool": "micmac", "title": ""}
    )
    assert response.status_code == 400
    assert "Donnez un intitulé" in response.content.decode()
    assert not Study.objects.exists()


@pytest.mark.parametrize("who", ["auditeur", "coordination"])
def test_list_query_count_is_pinned(client, personas, django_assert_num_queries, who):
    for index in range(3):
        Study.objects.create(
            cohort=personas["enrolment"].cohort,
            enrolment=personas["enrolment"],
            tool="micmac",
            title=f"Étude {index}",
        )
        Study.objects.create(
            cohort=personas["enrolment"].cohort,
            enrolment=None,
            tool="mactor",
            title=f"Exercice {index}",
            shared=True,
        )
        Study.objects.create(
            cohort=personas["enrolment"].cohort,
            enrolment=personas["enrolment2"],
            tool="smic",
            title=f"Autre {index}",
        )
    client.force_login(personas[who])
    url = reverse("foresight:list", kwargs={"slug": "cs26-2025"})
    client.get(url)  # warm caches (session, etc.)
    with django_assert_num_queries(QUERIES[who]):
        response = client.get(url)
    assert response.status_code == 200


# session, user, cohort, roles, (own enrolment, own studies), exercises, (participants)
QUERIES = {"auditeur": 7, "coordination": 6}


@pytest.mark.parametrize("tool", ["micmac", "mactor", "morphol", "smic"])
def test_each_tool_page_shows_its_results_and_readers_get_no_inputs_to_save(client, personas, tool):
    from tests.foresight.test_pages_io import DATA

    study = Study.objects.create(
        cohort=personas["enrolment"].cohort,
        enrolment=personas["enrolment"],
        tool=tool,
        title="Étude",
        data=DATA[tool],
    )
    client.force_login(personas["auditeur"])
    # Saving the stored data unchanged through the page recomputes the engine result.
    page = client.get(study_url(study)).content.decode()
    assert "Enregistrer et calculer" in page
    client.force_login(personas["tuteur"])
    page = client.get(study_url(study)).content.decode()
    assert "Enregistrer et calculer" not in page
    assert "Exporter en CSV" in page and "Importer" not in page


def test_smic_with_two_experts_through_the_page(client, personas):
    from tests.foresight.test_pages_io import DATA

    study = create(client, personas, tool="smic", title="Deux experts")
    hyps = DATA["smic"]["hypotheses"]
    data = {
        "title": "Deux experts",
        "hypotheses": "\n".join(hyps),
        "expert_count": "2",
        "previous": _json({"hypotheses": hyps}),
    }
    for e, expert in enumerate(DATA["smic"]["experts"]):
        for i in range(2):
            data[f"p-{e}-{i}"] = str(expert["p"][i]).replace(".", ",")
            for j in range(2):
                if i != j:
                    data[f"pg-{e}-{i}-{j}"] = str(expert["p_given"][i][j])
                    data[f"pgn-{e}-{i}-{j}"] = str(expert["p_given_not"][i][j])
    assert client.post(study_url(study), data).status_code == 302
    study.refresh_from_db()
    assert study.data == DATA["smic"]
    assert study.result == engine.smic(hyps, DATA["smic"]["experts"])
    # Down to one expert: the second is dropped.
    data["expert_count"] = "1"
    assert client.post(study_url(study), data).status_code == 302
    study.refresh_from_db()
    assert study.data["experts"] == DATA["smic"]["experts"][:1]


def test_a_tutor_lists_only_their_participants_studies(client, personas):
    cohort = personas["enrolment"].cohort
    Study.objects.create(
        cohort=cohort, enrolment=personas["enrolment"], tool="micmac", title="Étude de Léa"
    )
    Study.objects.create(
        cohort=cohort, enrolment=personas["enrolment2"], tool="micmac", title="Étude de Marc"
    )
    url = reverse("foresight:list", kwargs={"slug": "cs26-2025"})
    client.force_login(personas["tuteur"])
    page = client.get(url).content.decode()
    assert "Étude de Léa" in page and "Étude de Marc" not in page
    client.force_login(personas["coordination"])
    page = client.get(url).content.decode()
    assert "Étude de Léa" in page and "Étude de Marc" in page
    client.force_login(personas["intervenant"])
    page = client.get(url).content.decode()
    assert "Étude de Léa" not in page


def test_a_cohort_exercise_takes_no_workbook_variables(client, personas):
    study = create(client, personas, who="coordination", title="Exercice")
    response = client.post(
        reverse("foresight:variables", kwargs={"study_id": study.pk}), {"variables": "on"}
    )
    assert response.status_code == 400
    assert "n&#x27;a pas de cahier de diagnostic" in response.content.decode()
