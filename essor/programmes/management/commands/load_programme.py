"""`python manage.py load_programme PATH.toml`: load or update a programme and its edition.

A bad file exits non-zero with every problem listed (file, module, rule) and writes
nothing; warnings (weekends, public holidays) go to stderr and do not stop the load.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from essor.core.errors import DomainError
from essor.programmes.loader import ProgrammeSummary, parse_programme_file
from essor.programmes.services import LoadResult, load_programme
from essor.programmes.timeutils import format_hours


class Command(BaseCommand):
    help = (
        "Charge ou met à jour un programme et son édition datée (la promotion) depuis un "
        "fichier TOML ; un fichier invalide n'écrit rien et chaque problème est listé."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="fichier TOML du programme")

    def handle(self, *args, path: Path, verbosity: int, **options):
        try:
            document = parse_programme_file(path)
            result = load_programme(document=document, source_sha256=document.source_sha256)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity >= 1:
            for warning in document.warnings:
                self.stderr.write(self.style.WARNING(f"Attention : {warning}"))
            self.stdout.write(self.style.SUCCESS(describe_load(result)))


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def describe_hours(summary: ProgrammeSummary) -> str:
    """« 90 h (12 journées de 7 h, 2 demi-journées de 3 h) »."""
    parts = []
    if summary.day_count:
        days = _plural(summary.day_count, "journée", "journées")
        parts.append(f"{days} de {format_hours(summary.day_hours)}")
    if summary.half_day_count:
        half_days = _plural(summary.half_day_count, "demi-journée", "demi-journées")
        parts.append(f"{half_days} de {format_hours(summary.half_day_hours)}")
    return f"{format_hours(summary.total_hours)} ({', '.join(parts)})"


_PROGRAMME_VERB = {"created": "chargé", "updated": "mis à jour", "unchanged": "inchangé"}
_COHORT_VERB = {"created": "créée", "updated": "mise à jour", "unchanged": "inchangée"}


def describe_load(result: LoadResult) -> str:
    """« CS26 chargé : 14 modules, 26 demi-journées, 90 h (…) ; promotion cs26-2025 créée. »"""
    summary = result.summary
    programme_verb = _PROGRAMME_VERB[result.programme_change]
    if result.programme_change == "unchanged" and result.changed:
        programme_verb = "mis à jour"
    cohort_verb = _COHORT_VERB[result.cohort_change]
    if result.cohort_change == "unchanged" and result.slots.any:
        cohort_verb = _COHORT_VERB["updated"]
    text = (
        f"{result.programme.code} {programme_verb} : "
        f"{_plural(summary.module_count, 'module', 'modules')}, "
        f"{_plural(summary.slot_count, 'demi-journée', 'demi-journées')}, "
        f"{describe_hours(summary)} ; "
        f"promotion {result.cohort.slug} {cohort_verb}"
    )
    slots = result.slots
    if result.cohort_change != "created" and slots.any:
        moves = [
            _plural(slots.updated, "demi-journée déplacée", "demi-journées déplacées"),
            _plural(slots.created, "ajoutée", "ajoutées"),
            _plural(slots.deleted, "retirée", "retirées"),
        ]
        text += f" ({', '.join(m for m in moves if not m.startswith('0 '))})"
    return text + "."
