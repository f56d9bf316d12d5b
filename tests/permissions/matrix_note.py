"""The problem statement and the note: the participant's own pages, private work read by
the participant, their tutor and the coordination, reviews by the tutor and the
coordination (the participant gets a 403: they may see the work, not review it)."""

from tests.coursework.documents import docx_bytes, pdf_upload, upload

from .matrix import FORBIDDEN, OK, REDIRECT, Case, only

SLUG = "cs26-2025"
GRID = {"problem_statement": 3, "diagnostic": 3, "method": 3, "writing": 3, "recommendations": 3}


def _prepared(p) -> dict:
    """Gives auditeur (tutor: tuteur) a problem statement, a final note version and a
    feedback with an annotated file, once."""
    from essor.coursework import note_services
    from essor.coursework.models import NoteFeedback, NoteVersion, ProblemStatementVersion

    enrolment = p["enrolment"]
    if not NoteVersion.objects.filter(enrolment=enrolment).exists():
        me = p["auditeur"]
        note_services.add_problem_statement(
            enrolment=enrolment, text="Ma problématique", origin="statement", by=me
        )
        version = note_services.upload_note_version(
            enrolment=enrolment, upload=pdf_upload(1), is_final=True, by=me
        )
        note_services.give_note_feedback(
            version=version,
            author=p["tuteur"],
            comment="Bien",
            status="on_track",
            annotated=upload("annotee.docx", docx_bytes("notes")),
        )
    return {
        "problem": ProblemStatementVersion.objects.filter(enrolment=enrolment).first(),
        "version": NoteVersion.objects.filter(enrolment=enrolment).first(),
        "feedback": NoteFeedback.objects.filter(version__enrolment=enrolment).first(),
    }


def enrolment_path(suffix: str):
    return lambda p: (_prepared(p), f"/enrolments/{p['enrolment'].pk}/{suffix}")[1]


def version_path(suffix: str):
    return lambda p: f"/note-versions/{_prepared(p)['version'].pk}/{suffix}"


PARTICIPANT_PAGE = only({"auditeur": OK})
PARTICIPANT_POST = only({"auditeur": REDIRECT})
PRIVATE = only({"auditeur": OK, "tuteur": OK, "coordination": OK})
REVIEW_PAGE = only({"tuteur": OK, "coordination": OK, "auditeur": FORBIDDEN})
REVIEW_POST = only({"tuteur": REDIRECT, "coordination": REDIRECT, "auditeur": FORBIDDEN})


def _grid_post(p) -> dict:
    return {**{f"grid_{k}": v for k, v in GRID.items()}, "decision": "accepted", "reasons": "Ok"}


CASES = [
    Case("coursework:problem", lambda p: f"/cohorts/{SLUG}/problem/", PARTICIPANT_PAGE),
    Case(
        "coursework:problem",
        lambda p: f"/cohorts/{SLUG}/problem/",
        PARTICIPANT_POST,
        method="post",
        data=lambda p: {"text": "Une problématique", "origin": "revision"},
    ),
    Case("coursework:problem-detail", enrolment_path("problem/"), PRIVATE),
    Case(
        "coursework:problem-comment",
        lambda p: f"/problem-versions/{_prepared(p)['problem'].pk}/comments",
        REVIEW_POST,
        method="post",
        data=lambda p: {f"v{_prepared(p)['problem'].pk}-body": "Un commentaire"},
    ),
    Case("coursework:note", lambda p: f"/cohorts/{SLUG}/note/", PARTICIPANT_PAGE),
    Case(
        "coursework:note",
        lambda p: f"/cohorts/{SLUG}/note/",
        PARTICIPANT_POST,
        method="post",
        data=lambda p: {"file": pdf_upload(1)},
    ),
    Case(
        "coursework:note-settings",
        lambda p: f"/cohorts/{SLUG}/note/settings/",
        only({"coordination": OK}),
    ),
    Case(
        "coursework:note-settings",
        lambda p: f"/cohorts/{SLUG}/note/settings/",
        only({"coordination": REDIRECT}),
        method="post",
        data=lambda p: {"final_deadline": "2025-06-30T23:59", "target_pages": "20"},
    ),
    Case(
        "coursework:note-skeleton-docx",
        lambda p: f"/cohorts/{SLUG}/note/skeleton.docx",
        PARTICIPANT_PAGE,
    ),
    Case(
        "coursework:note-skeleton-pdf",
        lambda p: f"/cohorts/{SLUG}/note/skeleton.pdf",
        PARTICIPANT_PAGE,
    ),
    Case("coursework:note-detail", enrolment_path("note/"), PRIVATE),
    Case("coursework:note-assessment", enrolment_path("note/assessment"), REVIEW_PAGE),
    Case(
        "coursework:note-assessment",
        enrolment_path("note/assessment"),
        REVIEW_POST,
        method="post",
        data=_grid_post,
    ),
    Case("coursework:note-version-file", version_path("file"), PRIVATE),
    Case("coursework:note-feedback", version_path("feedback"), REVIEW_PAGE),
    Case(
        "coursework:note-feedback",
        version_path("feedback"),
        REVIEW_POST,
        method="post",
        data=lambda p: {"comment": "Continuez", "status": "on_track"},
    ),
    Case(
        "coursework:note-feedback-file",
        lambda p: f"/note-feedback/{_prepared(p)['feedback'].pk}/file",
        PRIVATE,
    ),
]
