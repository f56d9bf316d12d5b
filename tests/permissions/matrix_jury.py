"""The jury (coordination only): the cohort's juries and opening one, the jury's sheet,
a decision and a derogation per participant, closing, the minutes."""

import datetime

from .matrix import OK, REDIRECT, Case, only

COHORT = "/cohorts/cs26-2025"

COORDINATION = only({"coordination": OK})
COORDINATION_POST = only({"coordination": REDIRECT})


def jury_of(p):
    """The cohort's open jury, opened once (path builders run inside the test)."""
    from essor.certification.jury import open_jury
    from essor.certification.models import Jury

    cohort = p["enrolment"].cohort
    return Jury.objects.filter(cohort=cohort, closed_at__isnull=True).first() or open_jury(
        cohort=cohort,
        held_on=datetime.date(2025, 7, 1),
        president="Mme Présidente",
        signatory="M. Signataire",
        by=p["coordination"],
    )


def jury_path(p, suffix: str = "") -> str:
    return f"/juries/{jury_of(p).pk}/{suffix}"


def excused_slot(p):
    from essor.attendance.models import AttendanceStatus
    from essor.attendance.records import apply_status

    slot = p["enrolment"].cohort.slots.order_by("start").first()
    apply_status(
        slot=slot,
        enrolment=p["enrolment"],
        status=AttendanceStatus.EXCUSED,
        reason="Malade",
        by=p["coordination"],
    )
    return slot


def participant_path(p, what: str) -> str:
    return jury_path(p, f"participants/{p['enrolment'].pk}/{what}")


def derogation_path(p) -> str:
    excused_slot(p)
    return participant_path(p, "derogation")


def derogation_data(p) -> dict:
    slot = p["enrolment"].cohort.slots.order_by("start").first()
    prefix = f"p{p['enrolment'].pk}d"
    return {f"{prefix}-slot": slot.pk, f"{prefix}-reason": "Hospitalisation justifiée."}


def decision_data(p) -> dict:
    prefix = f"p{p['enrolment'].pk}"
    return {f"{prefix}-decision": "deferred", f"{prefix}-reasons": "Note à reprendre."}


OPEN_DATA = {
    "held_on": "2025-07-01",
    "president": "Mme Présidente",
    "members": "M. Membre",
    "signatory": "M. Signataire",
    "signatory_title": "Directeur",
}

CASES = [
    Case("certification:juries", lambda p: f"{COHORT}/juries/", COORDINATION),
    Case(
        "certification:juries",
        lambda p: f"{COHORT}/juries/",
        COORDINATION_POST,
        method="post",
        data=lambda p: OPEN_DATA,
    ),
    Case("certification:jury", jury_path, COORDINATION),
    Case(
        "certification:jury-decide",
        lambda p: participant_path(p, "decision"),
        COORDINATION_POST,
        method="post",
        data=decision_data,
    ),
    Case(
        "certification:jury-derogate",
        derogation_path,
        COORDINATION_POST,
        method="post",
        data=derogation_data,
    ),
    Case(
        "certification:jury-close",
        lambda p: jury_path(p, "close"),
        COORDINATION_POST,
        method="post",
    ),
    Case("certification:jury-minutes", lambda p: jury_path(p, "minutes.pdf"), COORDINATION),
]
