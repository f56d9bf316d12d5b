"""Reads of the problem statement and the note. Lateness is derived here, never stored.

`note_accepted(enrolment)` and `latest_assessment(enrolment)` are what certification reads.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.cohorts.models import Cohort, Enrolment
from essor.cohorts.permissions import can_see_private_work

from .models import (
    NoteAssessment,
    NoteDecision,
    NoteFeedback,
    NoteSettings,
    NoteVersion,
    ProblemStatementComment,
    ProblemStatementVersion,
)
from .text import WORDS_PER_PAGE

DEFAULT_TARGET_PAGES = 20


# --- Problem statement -------------------------------------------------------------------


def problem_versions(enrolment: Enrolment) -> list[ProblemStatementVersion]:
    """Every version, oldest first, with its comments and their authors (2 queries)."""
    comments = ProblemStatementComment.objects.select_related("author")
    return list(
        ProblemStatementVersion.objects.filter(enrolment=enrolment)
        .prefetch_related(Prefetch("comments", queryset=comments))
        .order_by("number")
    )


def latest_problem_statement(enrolment: Enrolment) -> ProblemStatementVersion | None:
    return ProblemStatementVersion.objects.filter(enrolment=enrolment).order_by("-number").first()


def get_problem_version_for(user, version_id: int) -> ProblemStatementVersion:
    """A version whose enrolment's private work `user` may see; 404 otherwise."""
    version = (
        ProblemStatementVersion.objects.select_related("enrolment__cohort", "enrolment__user")
        .filter(pk=version_id)
        .first()
    )
    if version is None or not can_see_private_work(user, version.enrolment):
        raise Http404(_("Version introuvable."))
    return version


# --- Note versions -------------------------------------------------------------------------


def note_settings(cohort: Cohort) -> NoteSettings | None:
    return NoteSettings.objects.filter(cohort=cohort).first()


def note_versions(enrolment: Enrolment) -> list[NoteVersion]:
    """Every version, newest first, with its feedback and their authors (2 queries)."""
    feedback = NoteFeedback.objects.select_related("author")
    return list(
        NoteVersion.objects.filter(enrolment=enrolment)
        .prefetch_related(Prefetch("feedback", queryset=feedback))
        .order_by("-number")
    )


def get_note_version_for(user, version_id: int) -> NoteVersion:
    """A version the user may see (participant, their tutor, coordination); 404 otherwise,
    for an unknown id and a forbidden one alike."""
    version = (
        NoteVersion.objects.select_related(
            "enrolment__cohort", "enrolment__user", "enrolment__organisation"
        )
        .filter(pk=version_id)
        .first()
    )
    if version is None or not can_see_private_work(user, version.enrolment):
        raise Http404(_("Version introuvable."))
    return version


def get_note_feedback_for(user, feedback_id: int) -> NoteFeedback:
    feedback = (
        NoteFeedback.objects.select_related("version__enrolment__cohort")
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None or not can_see_private_work(user, feedback.version.enrolment):
        raise Http404(_("Retour introuvable."))
    return feedback


def size_text(size: int | None) -> str:
    """« 820 o », « 12 Ko », « 1,2 Mo » (French units and decimal comma)."""
    if size is None:
        return ""
    if size < 1024:
        return _("%(n)s o") % {"n": size}
    if size < 1024 * 1024:
        return _("%(n)s Ko") % {"n": number_format(round(size / 1024))}
    value = Decimal(size) / (1024 * 1024)
    return _("%(n)s Mo") % {
        "n": number_format(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), 1)
    }


@dataclass(frozen=True)
class NoteLength:
    text: str  # « 18 pages », « 9 200 mots (≈ 18 pages) »
    pages: Decimal | None
    verdict: str  # "short", "ok", "long", "unknown"


def note_length(version: NoteVersion, target_pages: int = DEFAULT_TARGET_PAGES) -> NoteLength:
    """The length against the guidance: pages of a PDF, words (≈ pages) of DOCX/ODT."""
    if version.pages is not None:
        pages = Decimal(version.pages)
        text = ngettext("%(n)s page", "%(n)s pages", version.pages) % {"n": version.pages}
    elif version.words is not None:
        pages = (Decimal(version.words) / WORDS_PER_PAGE).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        shown = number_format(pages, decimal_pos=0 if pages % 1 == 0 else 1)
        text = ngettext(
            "%(words)s mot (≈ %(pages)s pages)", "%(words)s mots (≈ %(pages)s pages)", version.words
        ) % {"words": number_format(version.words, force_grouping=True), "pages": shown}
    else:
        return NoteLength("", None, "unknown")
    # The guidance is « about » the target: a quarter either way is still about right.
    low, high = Decimal(target_pages) * Decimal("0.75"), Decimal(target_pages) * Decimal("1.25")
    verdict = "short" if pages < low else "long" if pages > high else "ok"
    return NoteLength(text, pages, verdict)


def final_version(enrolment: Enrolment) -> NoteVersion | None:
    """The version under assessment: the latest one marked final."""
    return enrolment.note_versions.filter(is_final=True).order_by("-number").first()


@dataclass(frozen=True)
class NoteState:
    code: str  # none, draft, submitted, late (first final after the deadline), overdue
    label: str
    deadline: datetime | None
    submitted_at: datetime | None  # of the first final version

    @property
    def late(self) -> bool:
        return self.code in ("late", "overdue")


def note_state(enrolment: Enrolment, settings: NoteSettings | None, now: datetime) -> NoteState:
    deadline = settings.final_deadline if settings else None
    versions = list(
        enrolment.note_versions.order_by("number").values_list("is_final", "uploaded_at")
    )
    first_final = next((at for final, at in versions if final), None)
    if first_final is not None:
        if deadline is not None and first_final > deadline:
            return NoteState("late", _("remise en retard"), deadline, first_final)
        return NoteState("submitted", _("version finale remise"), deadline, first_final)
    if deadline is not None and now > deadline:
        return NoteState("overdue", _("en retard (non remise)"), deadline, None)
    if versions:
        return NoteState("draft", _("brouillons en cours"), deadline, None)
    return NoteState("none", _("aucune version"), deadline, None)


# --- Assessment ----------------------------------------------------------------------------


def assessments(enrolment: Enrolment) -> list[NoteAssessment]:
    return list(
        NoteAssessment.objects.filter(enrolment=enrolment)
        .select_related("assessor", "version")
        .order_by("-created_at", "-id")
    )


def latest_assessment(enrolment: Enrolment) -> NoteAssessment | None:
    """The assessment in force: the latest one (the table is append-only)."""
    return (
        NoteAssessment.objects.filter(enrolment=enrolment)
        .select_related("assessor", "version")
        .order_by("-created_at", "-id")
        .first()
    )


def note_accepted(enrolment: Enrolment) -> bool:
    """What certification reads: the latest assessment says « acceptée »."""
    latest = latest_assessment(enrolment)
    return latest is not None and latest.decision == NoteDecision.ACCEPTED
