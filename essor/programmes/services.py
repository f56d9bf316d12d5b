"""Writes on programmes: loading a checked programme file into the database.

Rows are matched by their natural keys (programme code, module number, slot position in
its module) and updated in place, so that a reload keeps primary keys: attendance and
coursework will point at slots and modules.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model

from essor.cohorts.models import Cohort
from essor.cohorts.services import Change, upsert_edition_cohort
from essor.core.errors import DomainError

from .loader import ModuleSpec, ProgrammeDocument, ProgrammeSpec, ProgrammeSummary
from .models import Module, Programme, Slot
from .timeutils import local_datetime


@dataclass(frozen=True)
class Changes:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def any(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass(frozen=True)
class LoadResult:
    programme: Programme
    cohort: Cohort
    programme_change: Change
    cohort_change: Change
    modules: Changes
    slots: Changes
    summary: ProgrammeSummary

    @property
    def changed(self) -> bool:
        return (
            self.programme_change != "unchanged"
            or self.cohort_change != "unchanged"
            or self.modules.any
            or self.slots.any
        )


@transaction.atomic
def load_programme(*, document: ProgrammeDocument, source_sha256: str) -> LoadResult:
    """Create or update the programme, its modules, its edition's cohort and that cohort's
    slots from a checked document; surplus modules and slots are removed. Idempotent."""
    spec = document.programme
    programme = Programme.objects.select_for_update().filter(code=spec.code).first()
    existing_modules = (
        {m.number: m for m in Module.objects.select_for_update().filter(programme=programme)}
        if programme
        else {}
    )
    removed = [m for n, m in existing_modules.items() if n not in _numbers(document)]
    _refuse_removing_modules_used_elsewhere(
        removed, cohort_slug=document.edition.slug, code=spec.code
    )

    programme, programme_change = _upsert_programme(
        programme, spec=spec, source_sha256=source_sha256
    )
    edition = document.edition
    cohort, cohort_change = upsert_edition_cohort(
        programme=programme,
        slug=edition.slug,
        title=edition.title,
        timezone=edition.timezone,
        place=edition.place,
    )
    modules, module_changes = _sync_modules(
        programme, specs=document.modules, existing=existing_modules
    )
    slot_changes = _sync_slots(cohort, modules=modules, specs=document.modules)
    Module.objects.filter(pk__in=[m.pk for m in removed]).delete()
    return LoadResult(
        programme=programme,
        cohort=cohort,
        programme_change=programme_change,
        cohort_change=cohort_change,
        modules=Changes(
            created=module_changes.created,
            updated=module_changes.updated,
            deleted=len(removed),
            unchanged=module_changes.unchanged,
        ),
        slots=slot_changes,
        summary=document.summary,
    )


def _numbers(document: ProgrammeDocument) -> set[int]:
    return {m.number for m in document.modules}


def _refuse_removing_modules_used_elsewhere(
    removed: list[Module], *, cohort_slug: str, code: str
) -> None:
    """A module gone from the file may be removed only if no other cohort is dated on it."""
    if not removed:
        return
    in_use = (
        Slot.objects.filter(module__in=removed)
        .exclude(cohort__slug=cohort_slug)
        .values_list("module__number", "cohort__slug")
        .distinct()
        .order_by("module__number", "cohort__slug")
    )
    details = [
        f"Module {number} : retiré du fichier, mais la promotion {slug} a encore des "
        "demi-journées dans ce module ; gardez le module ou retirez d'abord ces demi-journées."
        for number, slug in in_use
    ]
    if details:
        raise DomainError(
            "module_in_use",
            f"Le programme {code} n'a pas été mis à jour : des modules retirés du fichier sont "
            "encore utilisés par d'autres promotions ; rien n'a été enregistré.",
            details=details,
        )


def _apply(instance: Model, values: dict) -> list[str]:
    """Set the values that differ and return their names (nothing saved when none differ)."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def _upsert_programme(
    programme: Programme | None, *, spec: ProgrammeSpec, source_sha256: str
) -> tuple[Programme, Change]:
    values = {**spec.model_fields(), "source_sha256": source_sha256}
    if programme is None:
        return Programme.objects.create(code=spec.code, **values), "created"
    changed = _apply(programme, values)
    if not changed:
        return programme, "unchanged"
    # auto_now is only written when named in update_fields.
    programme.save(update_fields=[*changed, "updated_at"])
    return programme, "updated"


def _module_values(spec: ModuleSpec) -> dict:
    return {
        "title": spec.title,
        "kind": spec.kind,
        "format": spec.format,
        "description": spec.description,
        "speakers": list(spec.speakers),
    }


def _sync_modules(
    programme: Programme, *, specs: tuple[ModuleSpec, ...], existing: dict[int, Module]
) -> tuple[dict[int, Module], Changes]:
    modules: dict[int, Module] = {}
    created = updated = unchanged = 0
    for spec in specs:
        module = existing.get(spec.number)
        if module is None:
            module = Module.objects.create(
                programme=programme, number=spec.number, **_module_values(spec)
            )
            created += 1
        elif changed := _apply(module, _module_values(spec)):
            module.save(update_fields=changed)
            updated += 1
        else:
            unchanged += 1
        modules[spec.number] = module
    return modules, Changes(created=created, updated=updated, unchanged=unchanged)


def _sync_slots(
    cohort: Cohort, *, modules: dict[int, Module], specs: tuple[ModuleSpec, ...]
) -> Changes:
    """The cohort's slots, matched on (module, position) and changed in place."""
    existing = {
        (slot.module_id, slot.position): slot
        for slot in Slot.objects.select_for_update().filter(cohort=cohort)
    }
    to_create: list[Slot] = []
    to_update: list[Slot] = []
    wanted: set[tuple[int, int]] = set()
    for spec in specs:
        module = modules[spec.number]
        for position, slot_spec in enumerate(spec.slots, start=1):
            key = (module.pk, position)
            wanted.add(key)
            times = {
                "start": local_datetime(slot_spec.date, slot_spec.start, cohort.timezone),
                "end": local_datetime(slot_spec.date, slot_spec.end, cohort.timezone),
            }
            slot = existing.get(key)
            if slot is None:
                to_create.append(Slot(cohort=cohort, module=module, position=position, **times))
            elif _apply(slot, times):
                to_update.append(slot)
    surplus = [slot.pk for key, slot in existing.items() if key not in wanted]
    Slot.objects.filter(pk__in=surplus).delete()
    Slot.objects.bulk_create(to_create)
    Slot.objects.bulk_update(to_update, ["start", "end"])
    return Changes(
        created=len(to_create),
        updated=len(to_update),
        deleted=len(surplus),
        unchanged=len(wanted) - len(to_create) - len(to_update),
    )
