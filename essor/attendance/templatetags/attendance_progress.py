"""`{% attendance_progress cohort home as progress %}`: the participant home's « Vers le
certificat » items, the attendance one with real figures.

The home page's data comes from `essor.cohorts.selectors.participant_home`, which builds
one item per requirement code of the programme, in the programme's order; the codes are
matched back here so that the cohorts app needs no knowledge of attendance.
"""

from dataclasses import dataclass

from django import template

from essor.attendance.selectors import AttendanceSummary, attendance_summary
from essor.core import clock

register = template.Library()

ATTENDANCE_REQUIREMENT = "attendance_all_slots"


@dataclass(frozen=True)
class ProgressLine:
    code: str
    title: str
    detail: str
    attendance: AttendanceSummary | None  # figures, for the attendance requirement


@register.simple_tag
def attendance_progress(cohort, home) -> list[ProgressLine]:
    codes = (cohort.programme.certification or {}).get("requirements", [])
    lines = []
    for code, item in zip(codes, home.progress, strict=False):
        summary = None
        if code == ATTENDANCE_REQUIREMENT and home.enrolment is not None:
            summary = attendance_summary(cohort, home.enrolment, clock.now())
        lines.append(ProgressLine(code, item.title, item.detail, summary))
    return lines
