"""Reads for the workbook pages."""

from .forms import KINDS, kinds_of
from .models import SectionEntry, Workbook


def section_entries(workbook: Workbook) -> dict[str, SectionEntry]:
    """Section code → its entry (sections never saved are absent): one query."""
    return {entry.section: entry for entry in SectionEntry.objects.filter(workbook=workbook)}


def section_entry(workbook: Workbook, code: str) -> SectionEntry | None:
    return SectionEntry.objects.filter(workbook=workbook, section=code).first()


def records_of(workbook: Workbook, kind: str) -> list:
    spec = KINDS[kind]
    queryset = spec.model.objects.filter(workbook=workbook)
    related = [name for name in spec.columns if spec.model._meta.get_field(name).is_relation]
    if related:
        queryset = queryset.select_related(*related)
    return list(queryset)


def section_records(workbook: Workbook, code: str) -> dict[str, list]:
    """Kind slug → the workbook's records of that kind: one query per kind of the section."""
    return {kind.slug: records_of(workbook, kind.slug) for kind in kinds_of(code)}


def record_of(workbook: Workbook, kind: str, record_id: int):
    """The record if it belongs to `workbook`, else None."""
    return KINDS[kind].model.objects.filter(workbook=workbook, pk=record_id).first()
