"""The default retention schedule (editable afterwards on /donnees/conservation/)."""

from django.db import migrations

RULES = [
    # kind, months, action, legal, basis
    (
        "attendance",
        36,
        "delete",
        True,
        "Preuve de l'exécution de l'action de formation (Qualiopi, contrôle des financeurs) : "
        "3 ans après la fin de la promotion, allongés par la durée exigée par le financeur.",
    ),
    (
        "certificates",
        120,
        "anonymise",
        True,
        "Le certificat doit rester vérifiable : numéro, statut et décision du jury sont "
        "conservés ; le nom du titulaire et le PDF sont supprimés à l'échéance (10 ans).",
    ),
    (
        "applications",
        24,
        "delete",
        False,
        "Candidatures non retenues : 2 ans après la décision (recommandation de la CNIL "
        "pour les candidatures), CV compris.",
    ),
    (
        "enrolment_files",
        12,
        "delete",
        False,
        "CV, téléphone et besoins d'aménagement ne servent plus un an après la fin de la "
        "promotion.",
    ),
    (
        "coursework",
        24,
        "delete",
        False,
        "Travaux personnels : 2 ans après la fin de la promotion, le temps d'un éventuel "
        "recours ou d'une reprise en Master.",
    ),
    (
        "workbook",
        24,
        "delete",
        False,
        "Cahier de diagnostic et études prospectives : 2 ans après la fin de la promotion.",
    ),
    (
        "interviews",
        12,
        "delete",
        False,
        "Entretiens et bénévoles cités (données de tiers) : 1 an après la fin de la promotion.",
    ),
    (
        "complaints",
        36,
        "anonymise",
        False,
        "Réclamations (indicateur 31) : le nom de l'auteur·rice est effacé après 3 ans, "
        "l'objet et la réponse restent comme preuve qualité.",
    ),
    (
        "sign_in_traces",
        12,
        "anonymise",
        False,
        "Appareil et empreinte d'IP servent à détecter les anomalies d'émargement : 1 an "
        "après la fin de la promotion.",
    ),
    (
        "accounts",
        36,
        "anonymise",
        False,
        "Compte sans connexion depuis 3 ans (recommandation de la CNIL sur les comptes "
        "inactifs) : nom, adresse et identifiant anonymisés.",
    ),
]

FUNDERS = [
    ("employer", 36, "Plan de développement des compétences de l'employeur : 3 ans."),
    ("opco", 72, "Contrôle des OPCO sur les actions financées : 6 ans."),
    ("personal", 36, "Financement personnel : durée de la règle générale (3 ans)."),
    (
        "other",
        120,
        "Cofinancements publics (par exemple FSE+) : 10 ans après le dernier paiement.",
    ),
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    FunderRetention = apps.get_model("privacy", "FunderRetention")
    for kind, months, action, legal, basis in RULES:
        RetentionRule.objects.update_or_create(
            kind=kind,
            defaults={"months": months, "action": action, "legal": legal, "basis": basis},
        )
    for funding, months, basis in FUNDERS:
        FunderRetention.objects.update_or_create(
            funding=funding, defaults={"months": months, "basis": basis}
        )


def unseed(apps, schema_editor):
    apps.get_model("privacy", "RetentionRule").objects.filter(
        kind__in=[r[0] for r in RULES]
    ).delete()
    apps.get_model("privacy", "FunderRetention").objects.filter(
        funding__in=[f[0] for f in FUNDERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
