"""`python manage.py close_slots`: record the absences of the half-days that just ended
and send the « certificat compromis » e-mails (see `essor.attendance.alerts`).

Meant to run every few minutes from cron, e.g. `*/5 * * * * cd /srv/essor && .venv/bin/python
manage.py close_slots --verbosity 0`. Safe to run as often as wanted: a half-day already
closed is not closed again, and nobody is mailed twice.
"""

from django.core.management.base import BaseCommand

from essor.attendance.alerts import close_ended_slots
from essor.core import clock


class Command(BaseCommand):
    help = (
        "Clôt les demi-journées terminées : enregistre l'absence des auditeur·rices sans "
        "signature et prévient chacun·e et son tuteur·rice (certificat compromis)."
    )

    def handle(self, *args, verbosity: int, **options):
        summary = close_ended_slots(now=clock.now())
        if verbosity >= 1:
            self.stdout.write(
                f"Demi-journées examinées : {summary.slots} ; absences enregistrées : "
                f"{summary.marked} ; messages envoyés : {summary.emails}."
            )
