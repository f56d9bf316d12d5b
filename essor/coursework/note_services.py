"""Writes on the problem statement (problématique) and the note (≈ 20 pages).

Each function is one transaction; a broken rule raises DomainError (code + French
message) and writes nothing (an uploaded file is removed from storage if the rows roll
back).

Final submission: uploading a version marked « version finale » IS the submission. The
participant may upload again after an assessment « à reprendre »; the note assessed is
always the latest final version, while lateness is judged on the FIRST final version (a
resubmission asked for by the tutor must not turn an on-time note into a late one).
"""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.cohorts.models import Cohort, Enrolment, Role
from essor.cohorts.permissions import has_role
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.storage import private_storage
from essor.core.uploads import check_document

from .models import (
    PRESENTING,
    FeedbackStatus,
    NoteAssessment,
    NoteDecision,
    NoteFeedback,
    NoteSettings,
    NoteVersion,
    ProblemStatementComment,
    ProblemStatementOrigin,
    ProblemStatementVersion,
)
from .services import can_comment

ALLOWED_KINDS = ("pdf", "docx", "odt")
NOTE_MAX_BYTES = 20 * 1024 * 1024
MAX_PROBLEM_CHARS = 5_000
MAX_COMMENT_CHARS = 10_000
TUTORING_MODULES = (9, 11, 13)

# The assessment grid: key, label; each criterion is scored 0–4.
GRID_CRITERIA = (
    ("problem_statement", gettext_lazy("clarté de la problématique")),
    ("diagnostic", gettext_lazy("mobilisation du diagnostic")),
    ("method", gettext_lazy("méthode")),
    ("writing", gettext_lazy("écriture")),
    ("recommendations", gettext_lazy("recommandations")),
)
GRID_MAX = 4


def note_max_bytes() -> int:
    # Read at each upload so that tests (and a changed environment) are honoured.
    return getattr(settings, "ESSOR_NOTE_MAX_BYTES", NOTE_MAX_BYTES)


def _check_active(enrolment: Enrolment) -> None:
    if enrolment.status not in PRESENTING:
        raise DomainError(
            "enrolment_closed",
            _("Cette inscription n'est plus active : le travail personnel ne peut plus changer."),
        )


def _check_writer(enrolment: Enrolment, by) -> None:
    """The participant writes their own work; the coordination may act for them."""
    _check_active(enrolment)
    if by is None or not (
        by.pk == enrolment.user_id or has_role(by, enrolment.cohort_id, Role.COORDINATOR)
    ):
        raise DomainError(
            "not_owner", _("Seul·e l'auditeur·rice concerné·e peut modifier son travail.")
        )


def _check_reviewer(enrolment: Enrolment, by, code: str) -> None:
    if by is None or not can_comment(by, enrolment):
        raise DomainError(
            code,
            _("Seul·es le tuteur ou la tutrice de l'auditeur·rice et la coordination le peuvent."),
        )


def _clean_text(text: str, *, max_chars: int, empty_code: str, empty_message: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(empty_code, empty_message)
    if len(text) > max_chars:
        raise DomainError(
            "text_too_long",
            _("Le texte dépasse %(max)s caractères.") % {"max": max_chars},
        )
    return text


def _check_upload(upload: UploadedFile):
    try:
        return check_document(upload, allowed=ALLOWED_KINDS, max_bytes=note_max_bytes())
    except ValidationError as error:
        raise DomainError("file_invalid", " ".join(error.messages)) from error


def _lock(enrolment: Enrolment) -> None:
    """Serialise writes on one participant's work (two tabs cannot take the same number)."""
    list(Enrolment.objects.select_for_update(of=("self",)).filter(pk=enrolment.pk).order_by())


# --- Problem statement -------------------------------------------------------------------


@transaction.atomic
def add_problem_statement(
    *, enrolment: Enrolment, text: str, origin: str, tutoring_module: int | None = None, by
) -> ProblemStatementVersion:
    """Append a dated version of the problem statement."""
    _check_writer(enrolment, by)
    text = _clean_text(
        text,
        max_chars=MAX_PROBLEM_CHARS,
        empty_code="problem_empty",
        empty_message=_("La problématique est vide."),
    )
    if origin not in ProblemStatementOrigin.values:
        raise DomainError("origin_invalid", _("Origine de la version inconnue."))
    if origin == ProblemStatementOrigin.TUTORING:
        if tutoring_module not in TUTORING_MODULES:
            raise DomainError(
                "tutoring_module_required",
                _("Indiquez la journée de tutorat (module 9, 11 ou 13)."),
            )
    else:
        tutoring_module = None
    _lock(enrolment)
    last = enrolment.problem_statements.order_by("-number").first()
    if last is not None and last.text == text and last.origin == origin:
        raise DomainError("problem_unchanged", _("Cette version est identique à la précédente."))
    return ProblemStatementVersion.objects.create(
        enrolment=enrolment,
        number=(last.number if last else 0) + 1,
        text=text,
        origin=origin,
        tutoring_module=tutoring_module,
        created_by=by,
        created_at=clock.now(),
    )


@transaction.atomic
def comment_problem_statement(
    *, version: ProblemStatementVersion, author, body: str
) -> ProblemStatementComment:
    _check_reviewer(version.enrolment, author, "comment_forbidden")
    body = _clean_text(
        body,
        max_chars=MAX_COMMENT_CHARS,
        empty_code="comment_empty",
        empty_message=_("Le commentaire est vide."),
    )
    return ProblemStatementComment.objects.create(
        version=version, author=author, body=body, created_at=clock.now()
    )


# --- Note versions -------------------------------------------------------------------------


@transaction.atomic
def upload_note_version(
    *, enrolment: Enrolment, upload: UploadedFile, is_final: bool, by
) -> NoteVersion:
    """Store a draft or the final version, checked by its content. A refused file leaves
    nothing in storage."""
    _check_writer(enrolment, by)
    checked = _check_upload(upload)
    _lock(enrolment)
    last = enrolment.note_versions.order_by("-number").first()
    stored = private_storage.save(f"notes/{uuid.uuid4().hex}.{checked.kind}", upload)
    try:
        return NoteVersion.objects.create(
            enrolment=enrolment,
            number=(last.number if last else 0) + 1,
            file=stored,
            file_name=(upload.name or f"note.{checked.kind}")[-255:],
            file_kind=checked.kind,
            file_size=checked.size,
            pages=checked.pages,
            words=checked.words,
            is_final=is_final,
            uploaded_by=by,
            uploaded_at=clock.now(),
        )
    except Exception:
        private_storage.delete(stored)
        raise


@transaction.atomic
def set_note_settings(
    *, cohort: Cohort, final_deadline: datetime, target_pages: int = 20, by
) -> NoteSettings:
    if by is None or not has_role(by, cohort, Role.COORDINATOR):
        raise DomainError(
            "not_coordinator", _("Seule la coordination fixe la date limite de la note.")
        )
    if not 1 <= target_pages <= 200:
        raise DomainError(
            "target_pages_invalid", _("Le nombre de pages attendu doit être entre 1 et 200.")
        )
    note_settings, _created = NoteSettings.objects.update_or_create(
        cohort=cohort,
        defaults={"final_deadline": final_deadline, "target_pages": target_pages},
    )
    return note_settings


@transaction.atomic
def give_note_feedback(
    *,
    version: NoteVersion,
    author,
    comment: str,
    status: str,
    annotated: UploadedFile | None = None,
) -> NoteFeedback:
    """The tutor's (or the coordination's) feedback on one version."""
    _check_reviewer(version.enrolment, author, "feedback_forbidden")
    comment = _clean_text(
        comment,
        max_chars=MAX_COMMENT_CHARS,
        empty_code="comment_empty",
        empty_message=_("Le commentaire général est obligatoire."),
    )
    if status not in FeedbackStatus.values:
        raise DomainError("status_invalid", _("Choisissez une appréciation."))
    stored = ""
    if annotated is not None:
        checked = _check_upload(annotated)
        stored = private_storage.save(
            f"notes/annotated/{uuid.uuid4().hex}.{checked.kind}", annotated
        )
    try:
        return NoteFeedback.objects.create(
            version=version,
            author=author,
            comment=comment,
            status=status,
            annotated_file=stored,
            annotated_file_name=(annotated.name or "")[-255:] if annotated else "",
            created_at=clock.now(),
        )
    except Exception:
        if stored:
            private_storage.delete(stored)
        raise


def _clean_grid(grid: dict) -> dict[str, int]:
    cleaned = {}
    for key, _label in GRID_CRITERIA:
        value = grid.get(key) if isinstance(grid, dict) else None
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= GRID_MAX:
            raise DomainError(
                "grid_invalid",
                _("Chaque critère de la grille reçoit une note de 0 à %(max)s.")
                % {"max": GRID_MAX},
            )
        cleaned[key] = value
    return cleaned


@transaction.atomic
def assess_note(
    *, enrolment: Enrolment, assessor, grid: dict, decision: str, reasons: str
) -> NoteAssessment:
    """Assess the latest final version. Append-only: a new assessment supersedes."""
    _check_reviewer(enrolment, assessor, "assessment_forbidden")
    grid = _clean_grid(grid)
    if decision not in NoteDecision.values:
        raise DomainError("decision_invalid", _("Choisissez une décision."))
    reasons = _clean_text(
        reasons,
        max_chars=MAX_COMMENT_CHARS,
        empty_code="reasons_empty",
        empty_message=_("Les motifs de la décision sont obligatoires."),
    )
    final = enrolment.note_versions.filter(is_final=True).order_by("-number").first()
    if final is None:
        raise DomainError(
            "no_final_version",
            _("L'auditeur·rice n'a pas encore remis de version finale : rien à évaluer."),
        )
    return NoteAssessment.objects.create(
        enrolment=enrolment,
        version=final,
        assessor=assessor,
        grid=grid,
        decision=decision,
        reasons=reasons,
        created_at=clock.now(),
    )
