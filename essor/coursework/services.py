"""Writes on the statement of intent. Each function is one transaction; a broken rule
raises DomainError (code + French message) and writes nothing.

Versions: autosave only updates the draft; an explicit save (when the text changed), an
upload and each submission append a version, so the history holds every state someone
chose to keep. After submitting, the participant may keep revising and submit again:
each submission is a new version marked `submitted`, and `submitted_at` stays the time
of the FIRST submission — the deadline is about delivering a statement before module 1,
and a later polish must not turn an on-time statement into a late one. The history shows
the date of every submission.
"""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Enrolment, Role
from essor.cohorts.permissions import has_role
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.storage import private_storage
from essor.core.uploads import check_document

from .models import (
    PRESENTING,
    StatementComment,
    StatementOfIntent,
    StatementStatus,
    StatementVersion,
)
from .text import count_words

# 1–2 pages are ~1,000 words (~7,000 characters); far above that is a paste gone wrong.
MAX_BODY_CHARS = 30_000
MAX_COMMENT_CHARS = 5_000
ALLOWED_KINDS = ("pdf", "docx", "odt")


def statement_max_bytes() -> int:
    # Read at each upload so that tests (and a changed environment) are honoured.
    return settings.ESSOR_STATEMENT_MAX_BYTES


def _check_writer(enrolment: Enrolment, by) -> None:
    """The participant writes their statement; the coordination may act for them (a
    statement received by e-mail, the demo data)."""
    if enrolment.status not in PRESENTING:
        raise DomainError(
            "enrolment_closed",
            _("Cette inscription n'est plus active : la note d'intention ne peut plus changer."),
        )
    if by is None or not (
        by.pk == enrolment.user_id or has_role(by, enrolment.cohort_id, Role.COORDINATOR)
    ):
        raise DomainError(
            "not_owner", _("Seul·e l'auditeur·rice concerné·e peut modifier cette note.")
        )


def _locked_statement(enrolment: Enrolment) -> StatementOfIntent:
    statement, _created = StatementOfIntent.objects.get_or_create(enrolment=enrolment)
    # Locked so that two tabs saving at once cannot take the same version number.
    return StatementOfIntent.objects.select_for_update().get(pk=statement.pk)


def _last_version(statement: StatementOfIntent, **filters) -> StatementVersion | None:
    return statement.versions.filter(**filters).order_by("-number").first()


def _same_content(version: StatementVersion | None, statement: StatementOfIntent) -> bool:
    return (
        version is not None
        and version.body == statement.body
        and version.file.name == statement.file.name
    )


def _add_version(statement: StatementOfIntent, *, by, submitted: bool) -> StatementVersion:
    last = _last_version(statement)
    return StatementVersion.objects.create(
        statement=statement,
        number=(last.number if last else 0) + 1,
        body=statement.body,
        # The stored file is shared by the statement and its versions: never rewritten,
        # only replaced by a new upload under a new name.
        file=statement.file.name,
        file_name=statement.file_name,
        file_kind=statement.file_kind,
        file_pages=statement.file_pages,
        file_size=statement.file_size,
        words=count_words(statement.body),
        submitted=submitted,
        created_by=by,
        created_at=clock.now(),
    )


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n")
    if len(body) > MAX_BODY_CHARS:
        raise DomainError(
            "statement_too_long",
            _(
                "Le texte est beaucoup trop long (%(count)s caractères, au plus %(max)s) : "
                "la note d'intention fait 1 à 2 pages."
            )
            % {"count": len(body), "max": MAX_BODY_CHARS},
        )
    return body


@transaction.atomic
def save_statement_draft(
    *, enrolment: Enrolment, body: str, by, explicit: bool
) -> StatementOfIntent:
    """Save the text. Autosave (`explicit=False`) only updates the draft; an explicit save
    also appends a version when the content differs from the last version."""
    _check_writer(enrolment, by)
    body = _clean_body(body)
    statement = _locked_statement(enrolment)
    if statement.body != body:
        statement.body = body
        statement.save(update_fields=["body", "updated_at"])
    has_content = bool(statement.body or statement.file)
    if explicit and has_content and not _same_content(_last_version(statement), statement):
        _add_version(statement, by=by, submitted=False)
    return statement


@transaction.atomic
def upload_statement_file(*, enrolment: Enrolment, upload: UploadedFile, by) -> StatementOfIntent:
    """Attach a PDF, DOCX or ODT, checked by its content; it replaces an earlier file and
    appends a version. A refused file leaves nothing in storage."""
    _check_writer(enrolment, by)
    try:
        checked = check_document(upload, allowed=ALLOWED_KINDS, max_bytes=statement_max_bytes())
    except ValidationError as error:
        raise DomainError("file_invalid", " ".join(error.messages)) from error
    statement = _locked_statement(enrolment)
    # A random stored name: the participant's file name is kept only as a label.
    stored = private_storage.save(f"statements/{uuid.uuid4().hex}.{checked.kind}", upload)
    try:
        statement.file = stored
        statement.file_name = (upload.name or f"note.{checked.kind}")[-255:]
        statement.file_kind = checked.kind
        statement.file_pages = checked.pages
        statement.file_words = checked.words
        statement.file_size = checked.size
        statement.save(
            update_fields=[
                "file",
                "file_name",
                "file_kind",
                "file_pages",
                "file_words",
                "file_size",
                "updated_at",
            ]
        )
        _add_version(statement, by=by, submitted=False)
    except Exception:
        # The rows roll back; the file must not stay behind unreferenced.
        private_storage.delete(stored)
        raise
    return statement


@transaction.atomic
def submit_statement(*, enrolment: Enrolment, by) -> StatementVersion:
    """Submit the current text and file as a new version marked `submitted`."""
    _check_writer(enrolment, by)
    statement = _locked_statement(enrolment)
    if not statement.body.strip() and not statement.file:
        raise DomainError(
            "statement_empty",
            _("La note est vide : écrivez-la ou joignez un fichier avant de la remettre."),
        )
    if _same_content(_last_version(statement, submitted=True), statement):
        raise DomainError(
            "statement_unchanged",
            _(
                "Cette version de votre note est déjà remise : modifiez-la pour la remettre "
                "à nouveau."
            ),
        )
    if statement.status != StatementStatus.SUBMITTED:
        statement.status = StatementStatus.SUBMITTED
        statement.submitted_at = clock.now()
        statement.save(update_fields=["status", "submitted_at", "updated_at"])
    return _add_version(statement, by=by, submitted=True)


@transaction.atomic
def save_and_submit_statement(*, enrolment: Enrolment, body: str, by) -> StatementVersion:
    """The « Remettre » button of the editor: what is in the text box is what is submitted,
    all or nothing."""
    save_statement_draft(enrolment=enrolment, body=body, by=by, explicit=False)
    return submit_statement(enrolment=enrolment, by=by)


@transaction.atomic
def set_statement_sharing(*, enrolment: Enrolment, shared: bool, by) -> StatementOfIntent:
    """Sharing is the participant's own consent: nobody else may give it."""
    if by is None or by.pk != enrolment.user_id:
        raise DomainError(
            "not_owner", _("Seul·e l'auditeur·rice peut décider de partager sa note.")
        )
    statement = _locked_statement(enrolment)
    if statement.shared_with_cohort != shared:
        statement.shared_with_cohort = shared
        statement.save(update_fields=["shared_with_cohort", "updated_at"])
    return statement


def can_comment(user, enrolment: Enrolment) -> bool:
    """The participant's own tutor, or the coordination."""
    if not user.is_authenticated:
        return False
    if enrolment.tutor_id == user.pk and has_role(user, enrolment.cohort_id, Role.TUTOR):
        return True
    return has_role(user, enrolment.cohort_id, Role.COORDINATOR)


@transaction.atomic
def comment_statement(*, enrolment: Enrolment, author, body: str) -> StatementComment:
    if not can_comment(author, enrolment):
        raise DomainError(
            "comment_forbidden",
            _("Seul·es le tuteur ou la tutrice de l'auditeur·rice et la coordination commentent."),
        )
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise DomainError("comment_empty", _("Le commentaire est vide."))
    if len(body) > MAX_COMMENT_CHARS:
        raise DomainError(
            "comment_too_long",
            _("Le commentaire dépasse %(max)s caractères.") % {"max": MAX_COMMENT_CHARS},
        )
    statement = StatementOfIntent.objects.filter(enrolment=enrolment).first()
    if statement is None:
        raise DomainError(
            "statement_missing", _("L'auditeur·rice n'a pas encore commencé sa note.")
        )
    return StatementComment.objects.create(
        statement=statement, author=author, body=body, created_at=clock.now()
    )


@transaction.atomic
def set_presentation_order(*, cohort: Cohort, enrolment_ids: Iterable[int], by) -> None:
    """Rank every presenting participant of the cohort, in the order given (first = 1).

    The list must name each of them exactly once: a list made from a stale page (someone
    enrolled or withdrew meanwhile) is refused rather than half applied.
    """
    if by is None or not has_role(by, cohort, Role.COORDINATOR):
        raise DomainError("forbidden", _("Seule la coordination fixe l'ordre de passage."))
    ids = [int(i) for i in enrolment_ids]
    if len(set(ids)) != len(ids):
        raise DomainError(
            "order_duplicate", _("Une même personne apparaît deux fois dans l'ordre de passage.")
        )
    # of=self: Enrolment's default ordering joins the (nullable) user, and PostgreSQL
    # refuses FOR UPDATE on the nullable side of an outer join.
    expected = set(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, status__in=PRESENTING)
        .values_list("pk", flat=True)
    )
    if set(ids) != expected:
        raise DomainError(
            "order_mismatch",
            _("La liste des participant·es a changé entre-temps : rechargez la page."),
        )
    existing = set(
        StatementOfIntent.objects.filter(enrolment_id__in=ids).values_list(
            "enrolment_id", flat=True
        )
    )
    # The rank lives on the statement, so a participant who has not started one gets an
    # empty statement to hold it.
    StatementOfIntent.objects.bulk_create(
        [StatementOfIntent(enrolment_id=i) for i in ids if i not in existing],
        ignore_conflicts=True,
    )
    statements = list(StatementOfIntent.objects.filter(enrolment_id__in=ids))
    rank = {enrolment_id: position for position, enrolment_id in enumerate(ids, start=1)}
    for statement in statements:
        statement.presentation_rank = rank[statement.enrolment_id]
    StatementOfIntent.objects.bulk_update(statements, ["presentation_rank"])
