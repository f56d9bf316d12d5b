"""Demo data for the quality part: two complaints (one answered and closed), three
improvement actions (one done), and a draft bilan. Idempotent: a second run adds nothing."""

from datetime import datetime, timedelta

from essor.cohorts.models import Membership, Role
from essor.quality.models import (
    ActionSource,
    ActionStatus,
    Bilan,
    ComplainantRole,
    Complaint,
    ComplaintChannel,
    ImprovementAction,
)


def seed_quality_demo(cohort, now: datetime) -> Bilan:
    today = now.date()
    owner_id = (
        Membership.objects.filter(cohort=cohort, role=Role.COORDINATOR)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    bilan, _created = Bilan.objects.get_or_create(
        cohort=cohort,
        defaults={
            "attendees": "Partenaires du programme, délégué·es des auditeur·rices, Cnam.",
            "summary": (
                "Promotion assidue et engagée. Les auditeur·rices souhaitent recevoir les "
                "supports plus tôt et davantage d'études de cas."
            ),
            "partners_feedback": "Les partenaires saluent l'ancrage dans les pratiques.",
            "speakers_feedback": "Groupe réactif ; prévoir plus de temps d'échange.",
        },
    )
    if Complaint.objects.filter(cohort=cohort).exists() or owner_id is None:
        return bilan
    closed = Complaint.objects.create(
        cohort=cohort,
        received_on=today - timedelta(days=40),
        channel=ComplaintChannel.EMAIL,
        complainant_role=ComplainantRole.PARTICIPANT,
        subject="Salle trop petite pour le travail en groupes",
        description="Les sous-groupes ne peuvent pas travailler sans se gêner.",
        response="Une seconde salle est réservée pour les ateliers.",
        responded_on=today - timedelta(days=38),
        closed_on=today - timedelta(days=30),
    )
    Complaint.objects.create(
        cohort=cohort,
        received_on=today - timedelta(days=5),
        channel=ComplaintChannel.ORAL,
        complainant_role=ComplainantRole.EMPLOYER,
        subject="Horaires de fin de journée",
        description="La fin à 17 h 30 complique le retour des salarié·es en région.",
    )
    common = {"programme_id": cohort.programme_id, "origin_cohort": cohort, "owner_id": owner_id}
    ImprovementAction.objects.create(
        **common,
        title="Réserver une seconde salle pour les ateliers",
        source=ActionSource.COMPLAINT,
        complaint=closed,
        due_on=today - timedelta(days=20),
        status=ActionStatus.DONE,
        outcome="Seconde salle réservée pour chaque atelier ; plus de plainte depuis.",
        done_on=today - timedelta(days=25),
    )
    ImprovementAction.objects.create(
        **common,
        title="Envoyer les supports une semaine avant chaque module",
        source=ActionSource.SURVEY,
        due_on=today + timedelta(days=60),
        status=ActionStatus.IN_PROGRESS,
    )
    ImprovementAction.objects.create(
        **common,
        title="Ajouter une étude de cas par module",
        source=ActionSource.BILAN,
        due_on=today + timedelta(days=120),
    )
    return bilan
