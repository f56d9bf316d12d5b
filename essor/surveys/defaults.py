"""The default questionnaires of a programme (Qualiopi indicator 30): satisfaction after
each module (« à chaud »), at the end of the programme, a few months later (« à froid »),
and short named questionnaires for the speakers and the partners.

Plain data below; `ensure_default_questionnaires` creates the missing ones, by key, and
never touches one that exists (the coordination may have changed it since).
"""

from django.db import transaction

from .models import Audience, Moment, Question, QuestionKind, Questionnaire

SATISFIED = ("Pas du tout satisfait·e", "Très satisfait·e")
AGREE = ("Pas du tout d'accord", "Tout à fait d'accord")
USEFUL = ("Pas du tout utile", "Très utile")
ENGAGED = ("Très faible", "Très forte")

S, C, M, T = QuestionKind.SCALE, QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TEXT


def _q(kind, text, *, key="", help_text="", required=True, choices=(), scale=("", "")):
    return {
        "kind": kind,
        "text": text,
        "key": key,
        "help_text": help_text,
        "required": required,
        "choices": list(choices),
        "scale_low": scale[0] if kind == S else "",
        "scale_high": scale[1] if kind == S else "",
    }


DEFAULTS: list[dict] = [
    {
        "key": "a-chaud",
        "title": "Satisfaction à chaud (après chaque module)",
        "intro": (
            "Ce questionnaire anonyme prend deux minutes. Vos réponses nous aident à "
            "améliorer le module pour les prochaines promotions ; aucune réponse n'est "
            "rattachée à votre nom, et les résultats ne sont montrés qu'à partir de cinq "
            "réponses."
        ),
        "moment": Moment.MODULE,
        "audience": Audience.PARTICIPANTS,
        "anonymous": True,
        "open_days": 10,
        "reminder_days": 3,
        "max_reminders": 2,
        "questions": [
            _q(
                S,
                "Dans l'ensemble, êtes-vous satisfait·e de ce module ?",
                key="satisfaction",
                scale=SATISFIED,
            ),
            _q(
                S,
                "Les objectifs annoncés du module ont été atteints.",
                key="objectifs",
                scale=AGREE,
            ),
            _q(
                S,
                "Les contenus abordés sont utiles pour votre pratique professionnelle.",
                key="contenus",
                scale=AGREE,
            ),
            _q(
                S,
                "Les interventions étaient claires et les échanges avec les intervenant·es "
                "de qualité.",
                key="intervenants",
                scale=AGREE,
            ),
            _q(
                S,
                "L'organisation matérielle (salle, horaires, documents, accès en ligne) était "
                "satisfaisante.",
                key="organisation",
                scale=AGREE,
            ),
            _q(
                C,
                "Le rythme du module vous a semblé :",
                key="rythme",
                choices=("Trop lent", "Adapté", "Trop rapide"),
            ),
            _q(T, "Ce que vous retenez de ce module", key="retenu", required=False),
            _q(T, "Ce qui serait à améliorer", key="ameliorer", required=False),
        ],
    },
    {
        "key": "fin",
        "title": "Questionnaire de fin de formation",
        "intro": (
            "La formation se termine : ce questionnaire anonyme porte sur l'ensemble du "
            "parcours. Il nourrit le bilan que nous faisons avec les partenaires et le Cnam."
        ),
        "moment": Moment.END,
        "audience": Audience.PARTICIPANTS,
        "anonymous": True,
        "open_days": 14,
        "reminder_days": 4,
        "max_reminders": 2,
        "questions": [
            _q(
                S,
                "Dans l'ensemble, êtes-vous satisfait·e de la formation ?",
                key="satisfaction",
                scale=SATISFIED,
            ),
            _q(
                S,
                "La formation a répondu aux objectifs que vous vous étiez fixés dans votre "
                "note d'intention.",
                key="objectifs",
                scale=AGREE,
            ),
            _q(
                S,
                "Ce que vous avez appris est utile à votre structure.",
                key="utilite",
                scale=USEFUL,
            ),
            _q(
                S,
                "L'accompagnement (tutorat, coordination) vous a aidé·e à mener votre travail "
                "personnel.",
                key="accompagnement",
                scale=AGREE,
            ),
            _q(
                C,
                "Recommanderiez-vous cette formation à une personne de votre réseau ?",
                key="recommandation",
                choices=("Oui", "Plutôt oui", "Plutôt non", "Non"),
            ),
            _q(
                M,
                "Quelles parties de la formation vous ont été les plus utiles ?",
                key="parties-utiles",
                help_text="Plusieurs réponses possibles.",
                required=False,
                choices=(
                    "Les apports théoriques",
                    "Les outils d'analyse et de diagnostic",
                    "Les journées de tutorat",
                    "La note personnelle",
                    "Les échanges entre auditeur·rices",
                    "Les témoignages de praticien·nes",
                ),
            ),
            _q(T, "Ce que la formation a changé pour vous", key="retenu", required=False),
            _q(T, "Vos suggestions pour la prochaine promotion", key="ameliorer", required=False),
        ],
    },
    {
        "key": "a-froid",
        "title": "Questionnaire à froid",
        "intro": (
            "Quelques mois ont passé depuis la fin de la formation. Ce questionnaire anonyme "
            "mesure ce qu'elle a changé dans votre pratique et dans votre structure."
        ),
        "moment": Moment.FOLLOW_UP,
        "audience": Audience.PARTICIPANTS,
        "anonymous": True,
        "follow_up_months": 4,
        "open_days": 21,
        "reminder_days": 7,
        "max_reminders": 2,
        "questions": [
            _q(
                S,
                "Avec le recul, êtes-vous satisfait·e de la formation ?",
                key="satisfaction",
                scale=SATISFIED,
            ),
            _q(
                C,
                "Avez-vous mis en place des changements dans votre structure à la suite de la "
                "formation ?",
                key="changements",
                choices=("Oui, plusieurs", "Oui, un", "Pas encore, mais c'est prévu", "Non"),
            ),
            _q(
                S,
                "Le diagnostic réalisé pendant la formation vous sert dans votre travail.",
                key="diagnostic",
                scale=AGREE,
            ),
            _q(
                C,
                "Envisagez-vous de poursuivre vers un master ?",
                key="master",
                choices=("Oui, c'est engagé", "Oui, j'y pense", "Non"),
            ),
            _q(
                T,
                "Un exemple concret de ce que la formation vous a permis de faire",
                key="exemple",
                required=False,
            ),
        ],
    },
    {
        "key": "intervenants",
        "title": "Questionnaire des intervenant·es",
        "intro": (
            "Votre regard sur la promotion et sur l'organisation nous aide à préparer la "
            "suivante. Ce questionnaire est nominatif."
        ),
        "moment": Moment.END,
        "audience": Audience.SPEAKERS,
        "anonymous": False,
        "open_days": 21,
        "reminder_days": 7,
        "max_reminders": 1,
        "questions": [
            _q(
                S,
                "L'implication du groupe pendant vos interventions",
                key="engagement",
                scale=ENGAGED,
            ),
            _q(
                S,
                "L'organisation (information préalable, salle, matériel, accueil)",
                key="organisation",
                scale=SATISFIED,
            ),
            _q(T, "Vos suggestions", key="suggestions", required=False),
        ],
    },
    {
        "key": "partenaires",
        "title": "Questionnaire des partenaires",
        "intro": (
            "Ce questionnaire nominatif recueille votre avis de partenaire de la formation "
            "pour le bilan de la promotion."
        ),
        "moment": Moment.END,
        "audience": Audience.PARTNERS,
        "anonymous": False,
        "open_days": 21,
        "reminder_days": 7,
        "max_reminders": 1,
        "questions": [
            _q(
                S,
                "Dans l'ensemble, êtes-vous satisfait·e du déroulement de la formation ?",
                key="satisfaction",
                scale=SATISFIED,
            ),
            _q(
                S,
                "La formation répond aux besoins des structures que vous accompagnez.",
                key="besoins",
                scale=AGREE,
            ),
            _q(
                S,
                "L'information reçue en cours de formation (bilans, calendrier) était suffisante.",
                key="information",
                scale=AGREE,
            ),
            _q(T, "Vos remarques et suggestions", key="suggestions", required=False),
        ],
    },
]

_SETTINGS = ("follow_up_months", "open_days", "reminder_days", "max_reminders")


@transaction.atomic
def ensure_default_questionnaires(programme) -> list[Questionnaire]:
    """The default questionnaires of `programme`, created when missing (by key); existing
    ones are returned untouched."""
    existing = {q.key: q for q in Questionnaire.objects.filter(programme=programme).exclude(key="")}
    result = []
    for data in DEFAULTS:
        questionnaire = existing.get(data["key"])
        if questionnaire is None:
            questionnaire = Questionnaire.objects.create(
                programme=programme,
                key=data["key"],
                title=data["title"],
                intro=data["intro"],
                moment=data["moment"],
                audience=data["audience"],
                anonymous=data["anonymous"],
                **{name: data[name] for name in _SETTINGS if name in data},
            )
            Question.objects.bulk_create(
                Question(questionnaire=questionnaire, position=i, **question)
                for i, question in enumerate(data["questions"], start=1)
            )
        result.append(questionnaire)
    return result
