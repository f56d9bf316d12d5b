"""Every view and endpoint, for every persona: the expected answer, and no view forgotten."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

import tests.permissions as package
from essor.api.api import api

from .matrix import PERSONAS, Case


def all_cases() -> list[Case]:
    cases = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("matrix_"):
            cases += importlib.import_module(f"{package.__name__}.{info.name}").CASES
    return cases


CASES = all_cases()


def url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin is one case: its own permission system guards the rest
            if entry.namespace == "api":
                continue  # API operations are listed from the OpenAPI schema below
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} /api{path.removeprefix('/api')}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_view_and_endpoint_is_in_the_matrix():
    covered = {case.target for case in CASES}
    expected = (
        url_names() | api_operations() | {"admin:index", "api:openapi-json", "api:openapi-view"}
    )
    missing = expected - covered
    assert not missing, f"add these to tests/permissions/matrix_*.py: {sorted(missing)}"
    unknown = covered - expected
    assert not unknown, f"matrix cases for targets that do not exist: {sorted(unknown)}"


def request_as(client, case: Case, people: dict):
    kwargs = dict(case.extra)
    if case.data is not None:
        kwargs["data"] = case.data(people)
        if case.json:
            kwargs["content_type"] = "application/json"
    return getattr(client, case.method)(case.path(people), **kwargs)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method.upper()} {c.target}")
def test_each_persona_gets_the_expected_answer(case, personas, client, django_db_blocker):
    answers = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(personas[persona])
        answers[persona] = request_as(client, case, personas).status_code
    assert answers == case.expect
