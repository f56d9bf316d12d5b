"""`python manage.py run_surveys`: plan the surveys of every cohort with half-days, then
open, remind and close what is due (see `essor.surveys.dispatch`).

Meant to run from cron, e.g. every quarter of an hour: `*/15 * * * * cd /srv/essor &&
.venv/bin/python manage.py run_surveys --verbosity 0`. Safe to run as often as wanted:
nothing is sent twice.
"""

from django.core.management.base import BaseCommand

from essor.cohorts.models import Cohort
from essor.core import clock
from essor.surveys.dispatch import run_due
from essor.surveys.planning import plan_surveys


class Command(BaseCommand):
    help = (
        "Planifie les enquêtes de chaque promotion, puis ouvre, relance et clôt celles "
        "dont c'est le moment."
    )

    def handle(self, *args, verbosity: int, **options):
        cohorts = Cohort.objects.filter(slots__isnull=False).distinct().select_related("programme")
        planned = sum(len(plan_surveys(cohort)) for cohort in cohorts)
        summary = run_due(now=clock.now())
        if verbosity >= 1:
            self.stdout.write(
                f"Enquêtes planifiées : {planned} ; ouvertes : {summary.opened} ; "
                f"invitations envoyées : {summary.sent} ; relances envoyées : "
                f"{summary.reminded} ; closes : {summary.closed}."
            )
