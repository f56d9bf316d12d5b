"""When each questionnaire is sent to a cohort: one survey per module (« à chaud »), one
at the end, one a few months later (« à froid »). Idempotent: planning again re-dates
the surveys still planned (slots may have moved) and leaves open or closed ones alone.

« À chaud » after every module with half-days except the closing one (module 14, the
bilan itself, which the end-of-programme questionnaire covers); the opening half-day and
the tutoring days are asked about like the courses.
"""

import calendar
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from essor.programmes.models import ModuleKind, Slot

from .defaults import ensure_default_questionnaires
from .models import Moment, Questionnaire, Survey, SurveyStatus

SKIPPED_MODULE_KINDS = frozenset({ModuleKind.CLOSING})


def add_months(moment: datetime, months: int, zone: ZoneInfo) -> datetime:
    """`moment` plus calendar months, on the same wall-clock time in `zone` (the 31st
    becomes the last day of a shorter month)."""
    local = moment.astimezone(zone)
    month0 = local.month - 1 + months
    year, month = local.year + month0 // 12, month0 % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    naive = local.replace(tzinfo=None, year=year, month=month, day=day)
    return naive.replace(tzinfo=zone)


def module_survey_title(module, questionnaire: Questionnaire) -> str:
    if questionnaire.key == "a-chaud":
        return _("Module %(number)s — Satisfaction à chaud") % {"number": module.number}
    return _("Module %(number)s — %(title)s") % {
        "number": module.number,
        "title": questionnaire.title,
    }


def survey_title(questionnaire: Questionnaire) -> str:
    return questionnaire.title


def _wanted(cohort) -> list[dict]:
    """Every survey the cohort should have: questionnaire, module, dates, title."""
    module_ends = {
        row["module"]: row["end"]
        for row in Slot.objects.filter(cohort=cohort)
        .exclude(module__kind__in=SKIPPED_MODULE_KINDS)
        .values("module")
        .annotate(end=Max("end"))
    }
    last_end = Slot.objects.filter(cohort=cohort).aggregate(end=Max("end"))["end"]
    if last_end is None:
        return []
    modules = {
        slot.module_id: slot.module
        for slot in Slot.objects.filter(cohort=cohort, module_id__in=module_ends).select_related(
            "module"
        )
    }
    zone = ZoneInfo(cohort.timezone)
    wanted = []
    questionnaires = Questionnaire.objects.filter(programme_id=cohort.programme_id, active=True)
    for questionnaire in questionnaires.exclude(moment=Moment.MANUAL):
        if questionnaire.moment == Moment.MODULE:
            for module_id, end in sorted(module_ends.items(), key=lambda kv: kv[1]):
                module = modules[module_id]
                wanted.append(
                    {
                        "questionnaire": questionnaire,
                        "module": module,
                        "opens_at": end,
                        "title": module_survey_title(module, questionnaire),
                    }
                )
            continue
        if questionnaire.moment == Moment.END:
            opens_at = last_end
        else:
            opens_at = add_months(last_end, questionnaire.follow_up_months, zone)
        wanted.append(
            {
                "questionnaire": questionnaire,
                "module": None,
                "opens_at": opens_at,
                "title": survey_title(questionnaire),
            }
        )
    for item in wanted:
        item["closes_at"] = item["opens_at"] + timedelta(days=item["questionnaire"].open_days)
    return wanted


@transaction.atomic
def plan_surveys(cohort) -> list[Survey]:
    """Create or re-date the cohort's surveys; returns them all (planned, open, closed)."""
    ensure_default_questionnaires(cohort.programme)
    existing = {
        (s.questionnaire_id, s.module_id): s
        for s in Survey.objects.select_for_update()
        .filter(cohort=cohort)
        .select_related("questionnaire")
    }
    result = []
    for item in _wanted(cohort):
        key = (item["questionnaire"].pk, item["module"].pk if item["module"] else None)
        survey = existing.pop(key, None)
        if survey is None:
            survey = Survey.objects.create(
                cohort=cohort,
                questionnaire=item["questionnaire"],
                module=item["module"],
                title=item["title"],
                opens_at=item["opens_at"],
                closes_at=item["closes_at"],
            )
        elif survey.status == SurveyStatus.PLANNED and (
            survey.opens_at != item["opens_at"] or survey.closes_at != item["closes_at"]
        ):
            survey.opens_at, survey.closes_at = item["opens_at"], item["closes_at"]
            survey.save(update_fields=["opens_at", "closes_at"])
        result.append(survey)
    # A survey still planned that is no longer wanted (questionnaire made inactive, module
    # without half-days any more) is dropped; manual ones, and any survey already sent,
    # stay as they are.
    for survey in existing.values():
        if survey.status == SurveyStatus.PLANNED and survey.questionnaire.moment != Moment.MANUAL:
            survey.delete()
        else:
            result.append(survey)
    return sorted(result, key=lambda s: (s.opens_at, s.pk))
