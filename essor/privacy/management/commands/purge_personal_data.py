"""`python manage.py purge_personal_data [--dry-run]`: purge or anonymise what the
retention schedule says is due, and print a French listing per kind."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

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
        for group in report.groups:
            if dry_run:
                count = ngettext(
                    "%(count)s élément à traiter", "%(count)s éléments à traiter", group.count
                )
            else:
                count = ngettext(
                    "%(count)s élément traité", "%(count)s éléments traités", group.count
                )
            count %= {"count": group.count}
            out.write(f"\n{group.label} — {group.action_label} : {count}")
            for _model, _pk, description, due in group.items:
                out.write(f"  · {description} (échéance : {french_date(due)})")
        total = report.total
        if dry_run:
            line = ngettext(
                "Total : %(count)s élément serait purgé.",
                "Total : %(count)s éléments seraient purgés.",
                total,
            )
        else:
            line = ngettext(
                "Total : %(count)s élément purgé.", "Total : %(count)s éléments purgés.", total
            )
        out.write("\n" + line % {"count": total})
