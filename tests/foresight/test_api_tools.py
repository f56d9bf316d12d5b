"""POST /api/foresight/micmac|mactor|morphol|smic: the contract of foresight.md, hand-checked
figures, French 422s naming the row and column, 401 for anonymous callers, OpenAPI."""

import pytest

from essor.accounts.services import issue_api_token
from essor.api.api import api
from essor.foresight import engine

pytestmark = pytest.mark.django_db

MICMAC = {
    "labels": ["A", "B", "C"],
    "matrix": [[0, 3, 1], [2, 0, "P"], [1, 1, 0]],
    "potential_value": 3,
}
MACTOR = {"actors": ["A", "B"], "objectives": ["O1"], "mid": [[0, 2], [1, 0]], "mao": [[2], [-4]]}
MORPHOL = {
    "components": [
        {
            "name": "Financement",
            "hypotheses": [{"name": "Public", "p": 0.6}, {"name": "Privé", "p": 0.4}],
        },
        {
            "name": "Gouvernance",
            "hypotheses": [{"name": "Collégiale", "p": 0.5}, {"name": "Verticale", "p": 0.5}],
        },
    ],
    "exclusions": [["Privé", "Collégiale"]],
    "preferences": [],
    "top": 20,
}
# A coherent expert: P(1) = 0,6, P(2) = 0,5, P(1 ∩ 2) = 0,35 →
# P(1|2) = 0,35/0,5 = 0,7; P(1|¬2) = 0,25/0,5 = 0,5; P(2|1) = 0,35/0,6; P(2|¬1) = 0,15/0,4.
SMIC = {
    "hypotheses": ["H1", "H2"],
    "experts": [
        {
            "p": [0.6, 0.5],
            "p_given": [[0, 0.7], [0.35 / 0.6, 0]],
            "p_given_not": [[0, 0.5], [0.375, 0]],
        }
    ],
}


@pytest.fixture
def api_client(client, personas):
    client.force_login(personas["auditeur"])
    return client


def post(client, tool, body, **extra):
    return client.post(f"/api/foresight/{tool}", body, content_type="application/json", **extra)


def test_micmac_contract_and_direct_figures(api_client):
    response = post(api_client, "micmac", MICMAC)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"direct", "indirect", "sectors", "regulating", "potential"}
    # Direct, P counts 0: I = row sums (0+3+1, 2+0+0, 1+1+0) = (4, 2, 2);
    # D = column sums (0+2+1, 3+0+1, 1+0+0) = (3, 4, 1).
    direct = body["direct"]
    assert direct["influence"] == [4, 2, 2]
    assert direct["dependence"] == [3, 4, 1]
    assert direct["influence_rank"] == ["A", "B", "C"]  # B before C: tie, input order
    assert direct["dependence_rank"] == ["B", "A", "C"]
    # Mean T/n = 8/3 ≈ 2,67: A high/high → relais, B low/high → dépendant, C → autonome.
    assert body["sectors"] == {"A": "relais", "B": "dependant", "C": "autonome"}
    indirect = body["indirect"]
    assert set(indirect) >= {
        "influence",
        "dependence",
        "influence_rank",
        "dependence_rank",
        "k",
        "converged",
        "stability",
        "sectors",
    }
    assert sum(indirect["influence"]) == pytest.approx(1)
    assert set(indirect["stability"][0]) == {"k", "influence", "dependence"}
    # Potential: P → 3 gives I = (4, 5, 2), D = (3, 4, 4).
    assert body["potential"]["direct"]["influence"] == [4, 5, 2]
    assert body["potential"]["direct"]["dependence"] == [3, 4, 4]
    # The API answers what the engine computes.
    expected = engine.micmac(MICMAC["labels"], MICMAC["matrix"])
    assert indirect["influence"] == expected["indirect"]["influence"]
    assert indirect["k"] == expected["indirect"]["k"]


def test_micmac_without_potential_cell_is_null(api_client):
    body = post(
        api_client, "micmac", {**MICMAC, "matrix": [[0, 3, 1], [2, 0, 0], [1, 1, 0]]}
    ).json()
    assert body["potential"] is None


def test_mactor_contract_and_figures(api_client):
    response = post(api_client, "mactor", MACTOR)
    assert response.status_code == 200
    body = response.json()
    # MIDI_01 = 2 + min(0,2) + min(2,0) = 2; MIDI_00 = min(2,1) = 1; MIDI_11 = min(1,2) = 1.
    assert body["midi"] == [[1, 2], [1, 1]]
    assert body["influence"] == [3, 2] and body["dependence"] == [2, 3]
    assert body["feedback"] == [1, 1]
    # r_A = (3−1)/5 × 3/5 = 0,24; r_B = (2−1)/5 × 2/5 = 0,08; r* = 2 r / 0,32.
    assert body["r"] == pytest.approx([0.24, 0.08])
    assert body["r_star"] == pytest.approx([1.5, 0.5])
    assert body["net_balance"] == [[0, 1], [-1, 0]]
    assert body["mao3"] == [[pytest.approx(3.0)], [pytest.approx(-2.0)]]
    assert body["daa1"] == [[0, 1], [1, 0]] and body["caa1"] == [[0, 0], [0, 0]]
    assert body["daa2"][0][1] == pytest.approx(3.0)  # (2 + 4) / 2
    assert body["daa3"][0][1] == pytest.approx(2.5)  # (3 + 2) / 2
    assert body["implication"] == [2, 4]
    assert body["mobilisation"] == pytest.approx([3, 2])
    # `for` is the key (not for_): 3MAO positive sum 3, negative sum −2, Σ|·| 5.
    assert body["objectives"] == [
        {
            "name": "O1",
            "for": pytest.approx(3.0),
            "against": pytest.approx(-2.0),
            "mobilisation": pytest.approx(5.0),
        }
    ]


def test_morphol_contract_and_figures(api_client):
    response = post(api_client, "morphol", MORPHOL)
    assert response.status_code == 200
    body = response.json()
    # 2 × 2 = 4 combinations, Privé–Collégiale excluded → 3; p: 0,3, 0,3, 0,2 over 0,8.
    assert body["space"] == 4 and body["feasible"] == 3
    assert [s["hypotheses"] for s in body["scenarios"]] == [
        ["Public", "Collégiale"],
        ["Public", "Verticale"],
        ["Privé", "Verticale"],
    ]
    assert [s["p"] for s in body["scenarios"]] == pytest.approx([0.375, 0.375, 0.25])


def test_smic_contract_and_figures(api_client):
    response = post(api_client, "smic", SMIC)
    assert response.status_code == 200
    body = response.json()
    # Coherent answers: π = (0,35, 0,25, 0,15, 0,25) for 11, 10, 01, 00; objective 0.
    assert [s["code"] for s in body["scenarios"]] == ["11", "10", "01", "00"]
    assert [s["p"] for s in body["scenarios"]] == pytest.approx([0.35, 0.25, 0.15, 0.25], abs=1e-6)
    assert body["p"] == pytest.approx([0.6, 0.5], abs=1e-6)
    assert body["p_given"][0][1] == pytest.approx(0.7, abs=1e-6)
    assert body["p_given_not"][0][1] == pytest.approx(0.5, abs=1e-6)
    assert body["objective"] == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize(
    ("tool", "body", "code", "words"),
    [
        (
            "micmac",
            {**MICMAC, "matrix": [[0, 3, 1], [2, 0, 7], [1, 1, 0]]},
            "out_of_scale",
            ["Ligne 2 (B)", "colonne 3 (C)", "« 7 »"],
        ),
        (
            "micmac",
            {**MICMAC, "matrix": [[0, 3, 1], [2, 2, 0], [1, 1, 0]]},
            "diagonal",
            ["Ligne 2 (B)", "colonne 2 (B)", "diagonale"],
        ),
        (
            "micmac",
            {**MICMAC, "matrix": [[0, 3, 1], [2, 0], [1, 1, 0]]},
            "not_square",
            ["Ligne 2 (B)", "carrée"],
        ),
        (
            "micmac",
            {**MICMAC, "matrix": [[0, 1.5, 1], [2, 0, 0], [1, 1, 0]]},
            "not_integer",
            ["Ligne 1 (A), colonne 2 (B)", "non entière"],
        ),
        (
            "mactor",
            {**MACTOR, "mao": [[2], [-5]]},
            "out_of_scale",
            ["Ligne 2 (B)", "colonne 1 (O1)"],
        ),
        (
            "morphol",
            {
                **MORPHOL,
                "components": [
                    MORPHOL["components"][0],
                    {"name": "G", "hypotheses": [{"name": "X", "p": 0.5}, {"name": "Y", "p": 0.6}]},
                ],
                "exclusions": [],
            },
            "probability_sum",
            ["Composante 2 (G)", "au lieu de 1"],
        ),
        (
            "smic",
            {**SMIC, "experts": [{**SMIC["experts"][0], "p_given": [[0, 1.4], [0.5, 0]]}]},
            "probability_range",
            ["Ligne 1 (H1), colonne 2 (H2)", "[0, 1]"],
        ),
    ],
)
def test_engine_errors_are_422_naming_row_and_column(api_client, tool, body, code, words):
    response = post(api_client, tool, body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == code
    for word in words:
        assert word in answer["detail"]


def test_error_carries_the_cell_position(api_client):
    answer = post(
        api_client, "micmac", {**MICMAC, "matrix": [[0, 3, 1], [2, 0, 7], [1, 1, 0]]}
    ).json()
    assert (answer["row"], answer["column"]) == (1, 2)


@pytest.mark.parametrize(
    ("tool", "body", "words"),
    [
        (
            "micmac",
            {"labels": [f"V{i}" for i in range(201)], "matrix": [[0] * 201 for _ in range(201)]},
            "201 variables, 200 au plus",
        ),
        (
            "mactor",
            {"actors": [f"A{i}" for i in range(101)], "objectives": ["O"], "mid": [], "mao": []},
            "101 acteurs, 100 au plus",
        ),
        (
            "mactor",
            {
                "actors": ["A", "B"],
                "objectives": [f"O{i}" for i in range(201)],
                "mid": [],
                "mao": [],
            },
            "201 objectifs, 200 au plus",
        ),
        (
            "morphol",
            {
                "components": [
                    {"name": f"C{i}", "hypotheses": [{"name": f"h{i}a"}, {"name": f"h{i}b"}]}
                    for i in range(21)
                ]
            },
            "21 composantes, 20 au plus",
        ),
        (
            "morphol",
            {"components": [{"name": "C", "hypotheses": [{"name": f"h{i}"} for i in range(21)]}]},
            "composante 1 (C) : 21 hypothèses, 20 au plus",
        ),
        (
            "smic",
            {"hypotheses": [f"H{i}" for i in range(7)], "experts": []},
            "7 hypothèses, 6 au plus",
        ),
    ],
)
def test_size_limits_are_french_422s(api_client, tool, body, words):
    response = post(api_client, tool, body)
    assert response.status_code == 422
    assert response.json()["code"] == "too_large"
    assert words in response.json()["detail"]


def test_malformed_json_is_a_french_422(api_client):
    response = post(api_client, "micmac", {"labels": "A", "matrix": 3})
    assert response.status_code == 422
    assert response.json()["detail"] == "Données invalides."


def test_anonymous_is_401_and_a_token_works(client, personas):
    response = post(client, "micmac", MICMAC)
    assert response.status_code == 401
    assert "Authentification requise" in response.json()["detail"]
    _, raw = issue_api_token(user=personas["tuteur"], name="essai")
    response = post(client, "smic", SMIC, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_openapi_lists_the_four_operations_with_their_schemas():
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    for tool, name in (
        ("micmac", "Micmac"),
        ("mactor", "Mactor"),
        ("morphol", "Morphol"),
        ("smic", "Smic"),
    ):
        operation = schema["paths"][f"/api/foresight/{tool}"]["post"]
        assert operation["summary"].startswith(name.upper() if tool != "smic" else "SMIC")
        assert "422" in operation["description"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body["$ref"].endswith(f"{name}In")
        # ninja keeps the status codes as ints in the dict (strings once dumped to JSON).
        responses = {str(code): answer for code, answer in operation["responses"].items()}
        ok = responses["200"]["content"]["application/json"]["schema"]
        assert ok["$ref"].endswith(f"{name}Out")
        error = responses["422"]["content"]["application/json"]["schema"]
        assert error["$ref"].endswith("ErrorOut")
        assert "example" in components[f"{name}In"]
    assert set(components["MicmacIn"]["properties"]) == {"labels", "matrix", "potential_value"}
    assert set(components["MactorIn"]["properties"]) == {"actors", "objectives", "mid", "mao"}
    assert set(components["SmicIn"]["properties"]) == {"hypotheses", "experts"}
    assert set(components["ObjectiveOut"]["properties"]) == {
        "name",
        "for",
        "against",
        "mobilisation",
    }
    assert "description" in components["MicmacIn"]["properties"]["matrix"]
