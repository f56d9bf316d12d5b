"""The foresight pages: a participant's studies (read by their tutor and the
coordination), cohort exercises (coordination and speakers; participants once shared)."""

from .matrix import BAD, OK, REDIRECT, Case, only

SLUG = "cs26-2025"


def _study(p, *, exercise=False, shared=False):
    from essor.foresight.models import Study

    return Study.objects.create(
        cohort=p["enrolment"].cohort,
        enrolment=None if exercise else p["enrolment"],
        tool="micmac",
        title="Étude",
        shared=shared,
        data={"labels": ["A", "B"], "matrix": [[0, 1], [2, 0]], "potential_value": 3},
    )


def _own(suffix=""):
    return lambda p: f"/prospective/{_study(p).pk}/{suffix}"


def _exercise(suffix="", shared=False):
    return lambda p: f"/prospective/{_study(p, exercise=True, shared=shared).pk}/{suffix}"


def _file(p):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("grille.csv", b"MID;A;B\nA;0;3\nB;1;0\n")}


READERS = only({"auditeur": OK, "tuteur": OK, "coordination": OK})
OWNER_POST = only({"auditeur": REDIRECT})
TEACHERS_POST = only({"coordination": REDIRECT, "intervenant": REDIRECT})
MICMAC = {"title": "Étude", "labels": "A\nB", "previous": '{"labels": ["A", "B"]}', "mid-0-1": "2"}

CASES = [
    Case(
        "foresight:list",
        lambda p: f"/cohorts/{SLUG}/prospective/",
        only({"auditeur": OK, "tuteur": OK, "coordination": OK, "intervenant": OK}),
    ),
    Case(
        "foresight:create",
        lambda p: f"/cohorts/{SLUG}/prospective/nouvelle",
        only({"auditeur": REDIRECT, "coordination": REDIRECT, "intervenant": REDIRECT}),
        method="post",
        data=lambda p: {"tool": "micmac", "title": "Nouvelle étude"},
    ),
    Case("foresight:study", _own(), READERS),
    Case(
        "foresight:study",
        _exercise(shared=True),
        only({"auditeur": OK, "coordination": OK, "intervenant": OK}),
    ),
    Case("foresight:study", _own(), OWNER_POST, method="post", data=lambda p: MICMAC),
    Case("foresight:study", _exercise(), TEACHERS_POST, method="post", data=lambda p: MICMAC),
    Case("foresight:import", _own("import"), OWNER_POST, method="post", data=_file),
    Case("foresight:export", _own("export.csv"), READERS),
    Case("foresight:export", _own("export.xlsx"), READERS),
    # The workbook is empty: the owner gets the French message (400), others a 404.
    Case(
        "foresight:variables",
        _own("variables"),
        only({"auditeur": BAD}),
        method="post",
        data=lambda p: {"variables": "on"},
    ),
    Case("foresight:share", _exercise("partager"), TEACHERS_POST, method="post"),
    Case("foresight:share", _own("partager"), only({}), method="post"),
    Case("foresight:copy", _exercise("copier", shared=True), OWNER_POST, method="post"),
    Case("foresight:copy", _exercise("copier"), only({}), method="post"),
    Case("foresight:delete", _own("supprimer"), OWNER_POST, method="post"),
    Case("foresight:delete", _exercise("supprimer"), TEACHERS_POST, method="post"),
]
