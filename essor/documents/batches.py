"""A cohort's documents produced in one go, a few at a time, into one zip archive.

No task queue exists, so the work is driven by the progress requests: each call of
`advance_batch` locks the batch row, renders the next `chunk` documents, appends them to
the archive and moves the counter. Two polls arriving together therefore run one after
the other (the second sees the first's counter), and a document is never rendered twice.

The archive is rewritten through a temporary copy and an atomic rename, so a crash
leaves the previous archive intact; and a document already in the archive (its row
update lost with a rolled-back transaction) is skipped, not added a second time.
"""

import logging
import os
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from essor.attendance import documents as attendance_documents
from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.storage import private_storage
from essor.programmes.models import Slot

from .models import BatchKind, BatchStatus, DocumentBatch
from .render import RenderError

logger = logging.getLogger(__name__)

# Documents rendered per progress request: small enough for a quick answer (a sheet is
# ~20 ms) and to hold the lock briefly, large enough that 60 documents take a dozen polls.
CHUNK = 5

# Whose certificates a batch produces: the participants who took part, including those
# who stopped on the way (their hours attended are due to the funder all the same).
# Admitted people who never enrolled have nothing to certify.
CERTIFIED_STATUSES = (
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.CERTIFIED,
    EnrolmentStatus.WITHDRAWN,
)

SHEET, CERTIFICAT, ATTESTATION = "sheet", "certificat", "attestation"
KIND_ITEMS = {
    BatchKind.SHEETS: (SHEET,),
    BatchKind.CERTIFICATS: (CERTIFICAT,),
    BatchKind.ATTESTATIONS: (ATTESTATION,),
    BatchKind.ALL: (SHEET, CERTIFICAT, ATTESTATION),
}
FOLDERS = {
    SHEET: "feuilles-emargement",
    CERTIFICAT: "certificats-realisation",
    ATTESTATION: "attestations-fin-formation",
}


def _plan(cohort: Cohort, kind: str) -> list[list]:
    """The documents to produce, in order (2 queries at most)."""
    items: list[list] = []
    wanted = KIND_ITEMS[BatchKind(kind)]
    if SHEET in wanted:
        # Only half-days that have started: a sheet of a future half-day is empty.
        slots = Slot.objects.filter(cohort=cohort, start__lte=clock.now()).order_by("start")
        items += [[SHEET, pk] for pk in slots.values_list("pk", flat=True)]
    people = [k for k in (CERTIFICAT, ATTESTATION) if k in wanted]
    if people:
        enrolments = sorted(
            Enrolment.objects.filter(cohort=cohort, status__in=CERTIFIED_STATUSES).select_related(
                "user", "application"
            ),
            key=attendance_documents.participant_sort_key,
        )
        for item_kind in people:
            items += [[item_kind, e.pk] for e in enrolments]
    return items


@transaction.atomic
def start_batch(*, cohort: Cohort, kind: str, by) -> DocumentBatch:
    """Plan a batch of the cohort's documents; the progress requests then produce them."""
    if kind not in BatchKind.values:
        raise DomainError("unknown_kind", _("Type de documents inconnu."))
    items = _plan(cohort, kind)
    if not items:
        raise DomainError(
            "nothing_to_render",
            _(
                "Aucun document à produire : pas encore de demi-journée commencée ni "
                "d'auditeur·rice inscrit·e."
            ),
        )
    now = clock.now()
    return DocumentBatch.objects.create(
        cohort=cohort,
        kind=kind,
        requested_by=by,
        created_at=now,
        updated_at=now,
        items=items,
        total=len(items),
    )


@dataclass(frozen=True)
class _Job:
    entry: str  # file name inside the archive
    render: Callable[[], bytes]
    label: str  # for the error message


def _jobs(cohort: Cohort, items: list[list]) -> list[_Job | None]:
    """What to render for each item (None when its object is gone): a fixed number of
    queries for the chunk, plus those of each sheet's evidence."""
    slot_ids = [pk for kind, pk in items if kind == SHEET]
    enrolment_ids = [pk for kind, pk in items if kind != SHEET]
    slots = Slot.objects.select_related("cohort__programme", "module").in_bulk(slot_ids)
    enrolments = Enrolment.objects.select_related(
        "cohort__programme", "user", "organisation", "application"
    ).in_bulk(enrolment_ids)
    facts = attendance_documents.cohort_facts(cohort) if enrolment_ids else None
    jobs: list[_Job | None] = []
    for kind, pk in items:
        if kind == SHEET:
            slot = slots.get(pk)
            jobs.append(
                None
                if slot is None
                else _Job(
                    entry=f"{FOLDERS[SHEET]}/{attendance_documents.sheet_filename(slot)}",
                    render=lambda slot=slot: attendance_documents.render_attendance_sheet(slot),
                    label=attendance_documents.sheet_filename(slot),
                )
            )
            continue
        enrolment = enrolments.get(pk)
        if enrolment is None:
            jobs.append(None)
            continue
        if kind == CERTIFICAT:
            name = attendance_documents.participant_filename("certificat-realisation", enrolment)
            render = lambda e=enrolment: attendance_documents.render_certificat(e, facts)  # noqa: E731
        else:
            name = attendance_documents.participant_filename("attestation", enrolment)
            render = lambda e=enrolment: attendance_documents.render_attestation(e, facts)  # noqa: E731
        jobs.append(_Job(entry=f"{FOLDERS[kind]}/{name}", render=render, label=name))
    return jobs


def _append(batch: DocumentBatch, documents: list[tuple[str, bytes]]) -> None:
    """Add documents to the batch's archive through a temporary copy and a rename."""
    if not batch.file:
        batch.file.name = (
            f"document-batches/{batch.cohort.slug}-{batch.kind}-{uuid.uuid4().hex}.zip"
        )
    path = private_storage.path(batch.file.name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
    os.close(handle)
    try:
        if os.path.exists(path):
            shutil.copyfile(path, temporary)
            mode = "a"
        else:
            mode = "w"
        # PDFs are already compressed: stored as they are, the archive builds faster.
        with zipfile.ZipFile(temporary, mode, compression=zipfile.ZIP_STORED) as archive:
            for entry, content in documents:
                archive.writestr(entry, content)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _entries(batch: DocumentBatch) -> set[str]:
    if not batch.file or not private_storage.exists(batch.file.name):
        return set()
    with zipfile.ZipFile(private_storage.path(batch.file.name)) as archive:
        return set(archive.namelist())


@transaction.atomic
def advance_batch(*, cohort: Cohort, batch_id: int, chunk: int = CHUNK) -> DocumentBatch:
    """Produce the next `chunk` documents of the batch; a finished batch is left as is."""
    batch = (
        DocumentBatch.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .filter(pk=batch_id, cohort=cohort)
        .first()
    )
    if batch is None:
        raise Http404(_("Lot de documents introuvable."))
    if batch.finished:
        return batch
    items = batch.items[batch.done : batch.done + chunk]
    present = _entries(batch)
    produced: list[tuple[str, bytes]] = []
    current = ""
    try:
        for job in _jobs(batch.cohort, items):
            if job is None or job.entry in present:
                continue
            current = job.label
            produced.append((job.entry, job.render()))
            present.add(job.entry)
        current = ""
        if produced:
            _append(batch, produced)
    except (RenderError, OSError):
        logger.exception("Lot de documents %s : échec", batch.pk)
        batch.status = BatchStatus.FAILED
        batch.error = (
            _(
                "Le document « %(name)s » n'a pas pu être produit. Signalez-le à l'équipe "
                "technique ; les documents déjà produits restent dans l'archive."
            )
            % {"name": current}
            if current
            else _("L'archive n'a pas pu être écrite. Réessayez plus tard.")
        )
    else:
        batch.done += len(items)
        batch.status = BatchStatus.DONE if batch.done >= batch.total else BatchStatus.RUNNING
    batch.updated_at = clock.now()
    batch.save(update_fields=["file", "done", "status", "error", "updated_at"])
    return batch


def get_batch(cohort: Cohort, batch_id: int) -> DocumentBatch:
    """A batch of the cohort (access to the cohort checked by the caller); 404 otherwise."""
    batch = (
        DocumentBatch.objects.select_related("requested_by")
        .filter(pk=batch_id, cohort=cohort)
        .first()
    )
    if batch is None:
        raise Http404(_("Lot de documents introuvable."))
    return batch


def recent_batches(cohort: Cohort, limit: int = 5) -> list[DocumentBatch]:
    """The latest batches with who asked for them (1 query)."""
    return list(
        DocumentBatch.objects.filter(cohort=cohort)
        .select_related("requested_by")
        .defer("items")
        .order_by("-created_at", "-pk")[:limit]
    )
