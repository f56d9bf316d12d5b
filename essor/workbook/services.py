"""Writes to the workbook: section fields, statuses, records. Each write locks the
workbook row first so that two saves of the same workbook (autosave + a click) run one
after the other."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from essor.core import clock
from essor.core.errors import DomainError

from .forms import KINDS
from .models import Section, SectionEntry, SectionStatus, Workbook


def _lock(workbook: Workbook) -> None:
    Workbook.objects.select_for_update(of=("self",)).filter(pk=workbook.pk).first()


def _check_writer(workbook: Workbook, by) -> None:
    if by is None or workbook.enrolment.user_id != by.pk:
        raise DomainError(
            "workbook_forbidden", _("Seul·e le ou la participant·e écrit dans son cahier.")
        )


def _entry(workbook: Workbook, code: str) -> SectionEntry:
    if code not in Section.values:
        raise DomainError("section_unknown", _("Section inconnue."))
    entry, _created = SectionEntry.objects.get_or_create(workbook=workbook, section=code)
    return entry


def _started(entry: SectionEntry, by) -> None:
    if entry.status == SectionStatus.TODO:
        entry.status = SectionStatus.IN_PROGRESS
    entry.updated_at = clock.now()
    entry.updated_by = by


@transaction.atomic
def save_section(*, workbook: Workbook, code: str, data: dict, by) -> SectionEntry:
    """Store a section's plain fields (already validated by its form)."""
    _check_writer(workbook, by)
    _lock(workbook)
    entry = _entry(workbook, code)
    entry.data = data
    _started(entry, by)
    entry.save()
    return entry


@transaction.atomic
def set_status(*, workbook: Workbook, code: str, status: str, by) -> SectionEntry:
    _check_writer(workbook, by)
    if status not in SectionStatus.values:
        raise DomainError("status_unknown", _("Statut inconnu."))
    _lock(workbook)
    entry = _entry(workbook, code)
    entry.status = status
    entry.updated_at = clock.now()
    entry.updated_by = by
    entry.save()
    return entry


@transaction.atomic
def add_record(*, workbook: Workbook, kind: str, cleaned: dict, by):
    """Add a record of `kind` (cleaned data of the kind's form); the section starts."""
    _check_writer(workbook, by)
    spec = KINDS.get(kind)
    if spec is None:
        raise DomainError("kind_unknown", _("Type de ligne inconnu."))
    _lock(workbook)
    fields = {f.name for f in spec.model._meta.get_fields()}
    values = {name: value for name, value in cleaned.items() if name in fields}
    for value in values.values():
        if getattr(value, "workbook_id", workbook.pk) != workbook.pk:
            raise DomainError("record_foreign", _("Cet élément n'appartient pas à votre cahier."))
    try:
        with transaction.atomic():
            record = spec.model.objects.create(workbook=workbook, **values)
    except IntegrityError as error:
        raise DomainError("record_duplicate", _("Cette ligne existe déjà.")) from error
    entry = _entry(workbook, spec.section)
    if entry.status == SectionStatus.TODO:
        _started(entry, by)
        entry.save()
    return record


@transaction.atomic
def delete_record(*, workbook: Workbook, record, by) -> None:
    """Delete a record for good (personal data is erased on request)."""
    _check_writer(workbook, by)
    if record.workbook_id != workbook.pk:
        raise DomainError("record_foreign", _("Cet élément n'appartient pas à votre cahier."))
    _lock(workbook)
    record.delete()


@transaction.atomic
def set_key_issue(*, workbook: Workbook, item, key_issue: bool, by):
    """Flag (or unflag) a SWOT item as one of the key issues of the synthesis."""
    _check_writer(workbook, by)
    if item.workbook_id != workbook.pk:
        raise DomainError("record_foreign", _("Cet élément n'appartient pas à votre cahier."))
    _lock(workbook)
    item.key_issue = key_issue
    item.save(update_fields=["key_issue"])
    return item
