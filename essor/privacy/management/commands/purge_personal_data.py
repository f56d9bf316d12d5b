"""`python manage.py purge_personal_data [--dry-run]`: purge or anonymise what the
retention schedule says is due, and print a French listing per kind."""

from django.core.management.base import BaseCommand

from essor.core import clock
from essor.core.formats import french_date
from essor.privacy.purge import purge


class Command(BaseCommand):
    help = "Supprime ou anonymise les données personnelles arrivées à échéance."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Liste ce qui serait purgé, sans rien modifier.",
        )

    def handle(self, *args, dry_run=False, **options):
        report = purge(now=clock.now(), dry_run=dry_run)
        out = self.stdout
        if dry_run:
            out.write("Simulation : rien n'a été modifié.")
        verb = "à traiter" if dry_run else "traité(s)"
        for group in report.groups:
            out.write(f"\n{group.label} — {group.action_label} : {group.count} élément(s) {verb}")
            for _model, _pk, description, due in group.items:
                out.write(f"  · {description} (échéance : {french_date(due)})")
        total = report.total
        if dry_run:
            out.write(f"\nTotal : {total} élément(s) seraient purgés.")
        else:
            out.write(f"\nTotal : {total} élément(s) purgés.")
