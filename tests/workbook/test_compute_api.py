"""POST /api/workbook/volunteer-valuation: the contract of workbook.md, 422 in French."""

import pytest

from essor.accounts.services import issue_api_token
from essor.api.api import api

pytestmark = pytest.mark.django_db

URL = "/api/workbook/volunteer-valuation"

ENTRIES = [
    {"hours": 80, "level": "execution", "replacement_rate": 15},
    {"hours": 30, "level": "encadrement", "replacement_rate": 20},
    {"hours": 10, "level": "expertise", "replacement_rate": 40},
]


@pytest.fixture
def api_client(client, personas):
    client.force_login(personas["auditeur"])
    return client


def post(client, body, **extra):
    return client.post(URL, body, content_type="application/json", **extra)


def test_contract_fields_and_values(api_client):
    response = post(api_client, {"year": 2025, "entries": ENTRIES})
    assert response.status_code == 200
    body = response.json()
    # 120 h; FTE 120 / 1 607 = 0,0747 → 0,07; SMIC 2025 11,88 €/h
    assert (body["hours"], body["fte"], body["smic_hourly"]) == (120, 0.07, 11.88)
    assert body["methods"] == [
        {"method": "smic", "value": 1425.6},  # 120 × 11,88
        {"method": "smic_charge", "value": 2024.35},  # 120 × 11,88 × 1,42 = 2 024,352
        {"method": "smic_gradue", "value": 2019.6},  # 950,40 + 712,80 + 356,40
        {"method": "remplacement", "value": 3124.0},  # (1 200 + 600 + 400) × 1,42
    ]
    # entries for the retained method (SMIC chargé by default), no null keys
    assert body["entries"] == [
        {"account": "864", "debit": 2024.35},
        {"account": "875", "credit": 2024.35},
    ]
    assert {p["key"] for p in body["parameters"]} >= {
        "smic_hourly",
        "charge_coefficient",
        "legal_annual_hours",
    }
    assert "sans incidence sur le résultat" in body["paragraph"]


def test_coefficient_given_and_methods_subset(api_client):
    body = post(
        api_client,
        {
            "year": 2026,
            "entries": [{"hours": "10.5", "level": "execution"}],
            "charge_coefficient": 1.5,
            "methods": ["smic_charge"],
        },
    ).json()
    # 10,5 h × 12,02 € × 1,5 = 189,315 → 189,32 €
    assert body["methods"] == [{"method": "smic_charge", "value": 189.32}]
    assert body["charge_coefficient"] == 1.5
    assert body["entries"][0] == {"account": "864", "debit": 189.32}


def test_remplacement_absent_without_every_rate(api_client):
    entries = [
        {"hours": 10, "level": "execution", "replacement_rate": 15},
        {"hours": 5, "level": "expertise"},
    ]
    body = post(api_client, {"year": 2025, "entries": entries}).json()
    assert [m["method"] for m in body["methods"]] == ["smic", "smic_charge", "smic_gradue"]


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        (
            {"year": 2025, "entries": [{"hours": -1, "level": "execution"}]},
            "invalid_hours",
            "Ligne 1",
        ),
        ({"year": 2025, "entries": [{"hours": 1, "level": "chef"}]}, "unknown_level", "« chef »"),
        (
            {"year": 2024, "entries": [{"hours": 1, "level": "execution"}]},
            "missing_parameter",
            "2024",
        ),
        ({"year": 2025, "entries": []}, "empty_entries", "au moins une ligne"),
        (
            {"year": 2025, "entries": [{"hours": 1, "level": "execution"}] * 10_001},
            "too_many_entries",
            "10 000",
        ),
        (
            {
                "year": 2025,
                "entries": [{"hours": 1, "level": "execution"}],
                "methods": ["remplacement"],
            },
            "missing_replacement_rate",
            "coût horaire",
        ),
        (
            {"year": 2025, "entries": [{"hours": 1, "level": "execution"}], "methods": ["autre"]},
            "unknown_method",
            "Méthode inconnue",
        ),
    ],
)
def test_bad_input_is_a_422_in_french(api_client, body, code, words):
    response = post(api_client, body)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert words in response.json()["detail"]


def test_malformed_json_is_a_422(api_client):
    response = post(api_client, {"year": 2025, "entries": [{"hours": "abc", "level": "execution"}]})
    assert response.status_code == 422
    assert response.json()["detail"] == "Données invalides."


def test_anonymous_is_401_and_token_works(client, personas):
    response = post(client, {"year": 2025, "entries": ENTRIES})
    assert response.status_code == 401
    _, raw = issue_api_token(user=personas["tuteur"], name="essai")
    response = post(client, {"year": 2025, "entries": ENTRIES}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    # The token's holder gets the computation: 80 + 30 + 10 = 120 h at 11,88 €/h (2025).
    assert response.json()["hours"] == 120
    assert response.json()["smic_hourly"] == 11.88


def test_documented_in_openapi():
    operation = api.get_openapi_schema()["paths"]["/api/workbook/volunteer-valuation"]["post"]
    assert operation["summary"] == "Valoriser des heures de bénévolat"
    assert "1 607" in operation["description"]
    assert 422 in operation["responses"]
