"""The foresight computations (POST /api/foresight/<tool>): any signed-in person (they
read and store no one's data), 401 for anonymous callers; the PDF report of a study is
for whoever may read the study (essor/foresight/access.py)."""

from .matrix import OK, UNAUTHORIZED, Case, everyone, only

BODIES = {
    "micmac": {"labels": ["A", "B"], "matrix": [[0, 1], [2, 0]]},
    "mactor": {
        "actors": ["A", "B"],
        "objectives": ["O"],
        "mid": [[0, 1], [2, 0]],
        "mao": [[1], [-1]],
    },
    "morphol": {
        "components": [
            {"name": "C1", "hypotheses": [{"name": "a"}, {"name": "b"}]},
            {"name": "C2", "hypotheses": [{"name": "c"}, {"name": "d"}]},
        ]
    },
    "smic": {
        "hypotheses": ["H1", "H2"],
        "experts": [
            {"p": [0.5, 0.5], "p_given": [[0, 0.5], [0.5, 0]], "p_given_not": [[0, 0.5], [0.5, 0]]}
        ],
    },
}


def _case(tool: str) -> Case:
    return Case(
        f"POST /api/foresight/{tool}",
        lambda p: f"/api/foresight/{tool}",
        {**everyone(OK), "anonymous": UNAUTHORIZED},
        method="post",
        data=lambda p: BODIES[tool],
        json=True,
    )


def _own_study(p) -> str:
    from essor.foresight.models import Study

    study = Study.objects.create(
        cohort=p["enrolment"].cohort,
        enrolment=p["enrolment"],
        tool="micmac",
        title="Étude",
        data=BODIES["micmac"],
    )
    return f"/prospective/{study.pk}/rapport.pdf"


def _cohort_exercise(shared: bool):
    def path(p) -> str:
        from essor.foresight.models import Study

        study = Study.objects.create(
            cohort=p["enrolment"].cohort,
            enrolment=None,
            tool="micmac",
            title="Exercice",
            shared=shared,
            data=BODIES["micmac"],
        )
        return f"/prospective/{study.pk}/rapport.pdf"

    return path


CASES = [
    *(_case(tool) for tool in BODIES),
    # A participant's study: the participant, their tutor, the coordination.
    Case("foresight:report", _own_study, only({"auditeur": OK, "tuteur": OK, "coordination": OK})),
    # A cohort exercise: coordination and speakers; participants once shared.
    Case(
        "foresight:report",
        _cohort_exercise(False),
        only({"coordination": OK, "intervenant": OK}),
    ),
    Case(
        "foresight:report",
        _cohort_exercise(True),
        only({"coordination": OK, "intervenant": OK, "auditeur": OK}),
    ),
]
