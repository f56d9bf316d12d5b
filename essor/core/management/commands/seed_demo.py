"""`python manage.py seed_demo`: create or refresh the live demo cohort `cs26-demo`.

Refused unless DEBUG or ESSOR_DEMO is on: the demo accounts share a published password.
"""

from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from essor.accounts.demo import DEMO_PASSWORD, demo_allowed
from essor.cohorts.models import Role
from essor.core import clock
from essor.core.demo import seed_demo
from essor.core.errors import DomainError
from essor.core.formats import french_time, french_weekday_date


class Command(BaseCommand):
    help = (
        "Crée ou met à jour la promotion de démonstration cs26-demo (programme CS26 re-daté "
        "pour qu'une demi-journée soit en cours) et ses comptes de démonstration."
    )

    def handle(self, *args, verbosity: int, **options):
        if not demo_allowed():
            raise CommandError(
                "seed_demo refuse de s'exécuter : les comptes de démonstration partagent un "
                "mot de passe public. Activez DEBUG=1 (développement) ou ESSOR_DEMO=1 "
                "(instance de démonstration)."
            )
        try:
            result = seed_demo(now=clock.now())
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity < 1:
            return
        cohort, slot = result.cohort, result.running
        zone = ZoneInfo(cohort.timezone)
        start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
        verb = "créée" if result.created else "mise à jour"
        self.stdout.write(self.style.SUCCESS(f"Promotion de démonstration {cohort.slug} {verb}."))
        self.stdout.write(
            f"Demi-journée en cours : module {slot.module.number} « {slot.module.title} », "
            f"{french_weekday_date(start.date())}, {french_time(start.time())} – "
            f"{french_time(end.time())}"
            + (" (déplacée à maintenant pour la démonstration)." if result.moved else ".")
        )
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for account in result.accounts:
            role = Role(getattr(account, "role", Role.PARTICIPANT)).label
            self.stdout.write(f"  {account.username:<14} {role}")
        self.stdout.write(
            f"Connexion : {reverse('accounts:login')}, puis « Mon espace » : "
            f"{reverse('cohorts:my-home')}"
        )
