"""The bilan (coordination and partners; speakers, tutors and participants once shared),
its highlights, the improvement actions and the complaints log (coordination only), and
the public results page (everyone)."""

from .matrix import BAD, OK, REDIRECT, Case, everyone, only

SLUG = "cs26-2025"
BASE = f"/cohorts/{SLUG}"
COORDINATION_ONLY = only({"coordination": OK})
COORDINATION_POST = only({"coordination": REDIRECT})
BEFORE_SHARING = only({"coordination": OK, "partenaire": OK})
SHARED = only(
    {"coordination": OK, "partenaire": OK, "intervenant": OK, "tuteur": OK, "auditeur": OK}
)


def _bilan(p, *, published=False):
    from essor.quality.models import Bilan

    bilan, _created = Bilan.objects.get_or_create(
        cohort=p["enrolment"].cohort, defaults={"summary": "Analyse", "published": published}
    )
    return bilan


def _shared(p):
    _bilan(p, published=True)
    return f"{BASE}/bilan/"


def _highlight(p):
    from essor.quality.models import Highlight

    highlight = Highlight.objects.create(bilan=_bilan(p), source="Enquête", text="Très bien")
    return f"{BASE}/bilan/extraits/{highlight.pk}/retirer"


def _action(p):
    import datetime

    from essor.quality.models import ImprovementAction

    cohort = p["enrolment"].cohort
    action = ImprovementAction.objects.create(
        programme=cohort.programme,
        origin_cohort=cohort,
        title="Allonger les pauses",
        source="survey",
        owner=p["coordination"],
        due_on=datetime.date(2025, 9, 1),
    )
    return f"{BASE}/actions/{action.pk}/"


def _complaint(p):
    import datetime

    from essor.quality.models import Complaint

    complaint = Complaint.objects.create(
        cohort=p["enrolment"].cohort,
        received_on=datetime.date(2025, 3, 1),
        channel="email",
        complainant_role="participant",
        subject="Salle trop petite",
        description="On manque de place.",
    )
    return f"{BASE}/reclamations/{complaint.pk}/"


CASES = [
    Case("quality:bilan", lambda p: f"{BASE}/bilan/", BEFORE_SHARING),
    Case("quality:bilan", _shared, SHARED),
    Case(
        "quality:bilan-edit",
        lambda p: f"{BASE}/bilan/modifier",
        COORDINATION_POST,
        method="post",
        data=lambda p: {"summary": "Analyse de la coordination"},
    ),
    Case(
        "quality:bilan-publish",
        lambda p: f"{BASE}/bilan/partager",
        COORDINATION_POST,
        method="post",
        data=lambda p: {"published": "0"},
    ),
    Case("quality:bilan-pdf", lambda p: f"{BASE}/bilan.pdf", BEFORE_SHARING),
    Case("quality:highlights", lambda p: f"{BASE}/bilan/extraits/", COORDINATION_ONLY),
    # An unknown answer: the coordination gets the French message (400), others a 404.
    Case(
        "quality:highlight-add",
        lambda p: f"{BASE}/bilan/extraits/retenir",
        only({"coordination": BAD}),
        method="post",
        data=lambda p: {"answer": "999999", "text": "x"},
    ),
    Case("quality:highlight-delete", _highlight, COORDINATION_POST, method="post"),
    Case("quality:actions", lambda p: f"{BASE}/actions/", COORDINATION_ONLY),
    Case(
        "quality:action-new",
        lambda p: f"{BASE}/actions/nouvelle",
        COORDINATION_POST,
        method="post",
        data=lambda p: {
            "title": "Envoyer les supports plus tôt",
            "source": "survey",
            "owner": p["coordination"].pk,
            "due_on": "2025-09-01",
        },
    ),
    Case("quality:action", _action, COORDINATION_ONLY),
    Case(
        "quality:action",
        _action,
        COORDINATION_POST,
        method="post",
        data=lambda p: {"status": "in_progress"},
    ),
    Case(
        "quality:actions-carry",
        lambda p: f"{BASE}/actions/reporter",
        COORDINATION_POST,
        method="post",
    ),
    Case("quality:complaints", lambda p: f"{BASE}/reclamations/", COORDINATION_ONLY),
    Case(
        "quality:complaint-new",
        lambda p: f"{BASE}/reclamations/nouvelle",
        COORDINATION_POST,
        method="post",
        data=lambda p: {
            "received_on": "2025-03-02",
            "channel": "oral",
            "complainant_role": "participant",
            "subject": "Horaires",
            "description": "Fin trop tardive.",
        },
    ),
    Case("quality:complaint", _complaint, COORDINATION_ONLY),
    Case(
        "quality:complaint",
        _complaint,
        COORDINATION_POST,
        method="post",
        data=lambda p: {
            "response": "Horaires revus.",
            "responded_on": "2025-03-05",
            "closed_on": "2025-03-06",
        },
    ),
    Case("quality:complaints-csv", lambda p: f"{BASE}/reclamations/export.csv", COORDINATION_ONLY),
    Case("quality:public-results", lambda p: "/programmes/CS26/resultats/", everyone(OK)),
]
