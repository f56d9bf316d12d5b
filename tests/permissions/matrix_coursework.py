"""The statement of intent: the participant's editor, reading (participant, tutor,
coordination), the cohort's shared statements, the module 1 presentations."""

from tests.coursework.documents import pdf_upload

from .matrix import FORBIDDEN, OK, REDIRECT, Case, only

SLUG = "cs26-2025"


def _written(p) -> None:
    """Gives auditeur (tutor: tuteur) a submitted, shared statement with a PDF, once:
    the file and version pages need something to show. Called from the path builders,
    which run inside the test's database transaction."""
    from essor.coursework import services
    from essor.coursework.models import StatementOfIntent

    enrolment = p["enrolment"]
    if StatementOfIntent.objects.filter(enrolment=enrolment, file__gt="").exists():
        return
    me = p["auditeur"]
    services.upload_statement_file(enrolment=enrolment, upload=pdf_upload(1), by=me)
    services.set_statement_sharing(enrolment=enrolment, shared=True, by=me)
    services.submit_statement(enrolment=enrolment, by=me)


def statement_of(p, suffix: str = "") -> str:
    _written(p)
    return f"/statements/{p['enrolment'].pk}/{suffix}"


def shared_file(p, slug: str = SLUG) -> str:
    _written(p)
    return f"/cohorts/{slug}/statements/shared/{p['enrolment'].pk}/file"


# The participant's own pages: only the cohort's participants (auditeur here).
PARTICIPANT_PAGE = only({"auditeur": OK})
PARTICIPANT_POST = only({"auditeur": REDIRECT})
# Private work: the participant, their tutor, the coordination.
PRIVATE = only({"auditeur": OK, "tuteur": OK, "coordination": OK})
# Shared with the cohort: its participants and teaching team, not partners.
COHORT = only({"auditeur": OK, "tuteur": OK, "coordination": OK, "intervenant": OK})
COORDINATION_PAGE = only({"coordination": OK})

CASES = [
    Case("coursework:statement-edit", lambda p: f"/cohorts/{SLUG}/statement/", PARTICIPANT_PAGE),
    Case(
        "coursework:statement-edit",
        lambda p: f"/cohorts/{SLUG}/statement/",
        PARTICIPANT_POST,
        method="post",
        data=lambda p: {"body": "Ma note"},
    ),
    Case(
        "coursework:statement-preview",
        lambda p: f"/cohorts/{SLUG}/statement/preview",
        PARTICIPANT_PAGE,
        method="post",
        data=lambda p: {"body": "*aperçu*"},
    ),
    Case(
        "coursework:statement-autosave",
        lambda p: f"/cohorts/{SLUG}/statement/autosave",
        PARTICIPANT_PAGE,
        method="post",
        data=lambda p: {"body": "brouillon"},
    ),
    Case(
        "coursework:statement-upload",
        lambda p: f"/cohorts/{SLUG}/statement/file",
        PARTICIPANT_POST,
        method="post",
        data=lambda p: {"file": pdf_upload(1)},
    ),
    Case(
        "coursework:statement-submit",
        lambda p: f"/cohorts/{SLUG}/statement/submit",
        PARTICIPANT_POST,
        method="post",
        data=lambda p: {"body": "Ma note, remise"},
    ),
    Case(
        "coursework:statement-sharing",
        lambda p: f"/cohorts/{SLUG}/statement/sharing",
        PARTICIPANT_POST,
        method="post",
        data=lambda p: {"shared": "on"},
    ),
    Case("coursework:statements-shared", lambda p: f"/cohorts/{SLUG}/statements/shared/", COHORT),
    Case("coursework:statement-shared-file", shared_file, COHORT),
    # The same file asked through another cohort's page: nobody gets it there (its own
    # participant, autre_auditeur, included).
    Case(
        "coursework:statement-shared-file",
        lambda p: shared_file(p, "cs26-autre"),
        only({}),  # 404 for everyone logged in
    ),
    Case("coursework:statement-detail", lambda p: statement_of(p), PRIVATE),
    # Another participant's statement (auditeur2, tutored by tuteur2): 404 for auditeur
    # and for tuteur, who is not their tutor.
    Case(
        "coursework:statement-detail",
        lambda p: f"/statements/{p['enrolment2'].pk}/",
        only({"coordination": OK}),
    ),
    Case(
        "coursework:statement-comment",
        lambda p: statement_of(p, "comments"),
        # The participant reads their statement but may not comment it: 403, not 404.
        only({"tuteur": REDIRECT, "coordination": REDIRECT, "auditeur": FORBIDDEN}),
        method="post",
        data=lambda p: {"body": "Un commentaire"},
    ),
    Case("coursework:statement-file", lambda p: statement_of(p, "file"), PRIVATE),
    Case("coursework:statement-version", lambda p: statement_of(p, "versions/1/"), PRIVATE),
    Case(
        "coursework:presentations", lambda p: f"/cohorts/{SLUG}/presentations/", COORDINATION_PAGE
    ),
    Case(
        "coursework:presentations",
        lambda p: f"/cohorts/{SLUG}/presentations/",
        only({"coordination": REDIRECT}),
        method="post",
        data=lambda p: {f"rank-{p['enrolment'].pk}": "2", f"rank-{p['enrolment2'].pk}": "1"},
    ),
    Case(
        "coursework:presentations-move",
        lambda p: f"/cohorts/{SLUG}/presentations/move",
        only({"coordination": REDIRECT}),
        method="post",
        data=lambda p: {"enrolment": p["enrolment"].pk, "direction": "down"},
    ),
]
