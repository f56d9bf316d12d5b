"""Building questionnaires: settings, questions, copies. A questionnaire that already
has an answer is frozen (its results must keep meaning what was asked): copy it to
change it."""

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext as _

from essor.cohorts.models import Role
from essor.cohorts.permissions import cohorts_where
from essor.core.errors import DomainError
from essor.programmes.models import Programme

from .models import Answer, Audience, Moment, Question, QuestionKind, Questionnaire

SETTINGS_FIELDS = (
    "title",
    "intro",
    "moment",
    "audience",
    "anonymous",
    "follow_up_months",
    "open_days",
    "reminder_days",
    "max_reminders",
    "active",
)


# --- Who may build ------------------------------------------------------------------------


def builder_programme_ids(user) -> set[int]:
    return set(cohorts_where(user, Role.COORDINATOR).values_list("programme_id", flat=True))


def get_programme_for_builder(user, code: str) -> Programme:
    """The programme if `user` coordinates one of its cohorts; 404 otherwise."""
    programme = Programme.objects.filter(code=code).first()
    if programme is None or programme.pk not in builder_programme_ids(user):
        raise Http404(_("Programme introuvable."))
    return programme


def get_questionnaire_for(user, pk: int) -> Questionnaire:
    """The questionnaire if `user` coordinates a cohort of its programme; 404 otherwise."""
    questionnaire = Questionnaire.objects.select_related("programme").filter(pk=pk).first()
    if questionnaire is None or questionnaire.programme_id not in builder_programme_ids(user):
        raise Http404(_("Questionnaire introuvable."))
    return questionnaire


def get_question_for(user, questionnaire_pk: int, question_pk: int) -> Question:
    questionnaire = get_questionnaire_for(user, questionnaire_pk)
    question = Question.objects.filter(pk=question_pk, questionnaire=questionnaire).first()
    if question is None:
        raise Http404(_("Question introuvable."))
    question.questionnaire = questionnaire
    return question


# --- Rules ------------------------------------------------------------------------------


def is_frozen(questionnaire: Questionnaire) -> bool:
    return Answer.objects.filter(question__questionnaire=questionnaire).exists()


def _ensure_editable(questionnaire: Questionnaire) -> None:
    if is_frozen(questionnaire):
        raise DomainError(
            "questionnaire_frozen",
            _(
                "Ce questionnaire a déjà reçu des réponses : ses questions ne peuvent plus "
                "changer. Dupliquez-le pour le modifier."
            ),
        )


def _clean_settings(values: dict) -> dict:
    values = {k: v for k, v in values.items() if k in SETTINGS_FIELDS}
    title = (values.get("title") or "").strip()
    if "title" in values and not title:
        raise DomainError("title_required", _("Donnez un intitulé au questionnaire."))
    if "title" in values:
        values["title"] = title
    if "moment" in values and values["moment"] not in Moment.values:
        raise DomainError("bad_moment", _("Choisissez le moment d'envoi."))
    if "audience" in values and values["audience"] not in Audience.values:
        raise DomainError("bad_audience", _("Choisissez le public du questionnaire."))
    months = values.get("follow_up_months")
    if months is not None and not 1 <= months <= 12:
        raise DomainError(
            "bad_follow_up", _("Le délai du questionnaire à froid va de 1 à 12 mois.")
        )
    if values.get("open_days") is not None and values["open_days"] < 1:
        raise DomainError("bad_open_days", _("Une enquête reste ouverte au moins un jour."))
    if values.get("reminder_days") is not None and values["reminder_days"] < 1:
        raise DomainError("bad_reminder_days", _("Les relances sont espacées d'au moins un jour."))
    return values


def clean_options(kind: str, choices) -> list[str]:
    """The options of a question of `kind`, checked; a French DomainError otherwise."""
    options = [str(c).strip() for c in (choices or []) if str(c).strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(options) < 2:
            raise DomainError(
                "choices_required",
                _("Une question à choix demande au moins deux options (une par ligne)."),
            )
        if len({o.casefold() for o in options}) != len(options):
            raise DomainError("choices_duplicate", _("Deux options portent le même libellé."))
        return options
    if options:
        raise DomainError(
            "choices_unexpected",
            _("Seules les questions à choix ont des options : laissez la liste vide."),
        )
    return []


def _clean_question(values: dict) -> dict:
    kind = values.get("kind")
    if kind not in QuestionKind.values:
        raise DomainError("bad_kind", _("Choisissez le type de question."))
    text = (values.get("text") or "").strip()
    if not text:
        raise DomainError("text_required", _("Saisissez le texte de la question."))
    scale = kind == QuestionKind.SCALE
    return {
        "kind": kind,
        "text": text,
        "help_text": (values.get("help_text") or "").strip(),
        "required": bool(values.get("required", True)),
        "choices": clean_options(kind, values.get("choices")),
        "scale_low": (values.get("scale_low") or "").strip() if scale else "",
        "scale_high": (values.get("scale_high") or "").strip() if scale else "",
        "key": (values.get("key") or "").strip(),
    }


# --- Questionnaires ----------------------------------------------------------------------


@transaction.atomic
def create_questionnaire(*, programme: Programme, by, **values) -> Questionnaire:
    values = _clean_settings(values)
    if not values.get("title"):
        raise DomainError("title_required", _("Donnez un intitulé au questionnaire."))
    if values.get("moment") is None:
        raise DomainError("bad_moment", _("Choisissez le moment d'envoi."))
    if values.get("audience") is None:
        raise DomainError("bad_audience", _("Choisissez le public du questionnaire."))
    return Questionnaire.objects.create(programme=programme, created_by=by, **values)


@transaction.atomic
def update_questionnaire(*, questionnaire: Questionnaire, **values) -> Questionnaire:
    """Settings only. The moment, the public and anonymity change what was asked of whom:
    frozen once answered. Dates, reminders, title and activity stay editable."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    values = _clean_settings(values)
    sensitive = {
        name
        for name in ("moment", "audience", "anonymous")
        if name in values and values[name] != getattr(questionnaire, name)
    }
    if sensitive:
        _ensure_editable(questionnaire)
    for name, value in values.items():
        setattr(questionnaire, name, value)
    questionnaire.save()
    return questionnaire


@transaction.atomic
def copy_questionnaire(*, questionnaire: Questionnaire, by) -> Questionnaire:
    """A deep copy, « … (copie) », without key and not sent automatically until the
    coordination says so."""
    copy = Questionnaire.objects.create(
        programme=questionnaire.programme,
        key="",
        title=_("%(title)s (copie)") % {"title": questionnaire.title},
        intro=questionnaire.intro,
        moment=questionnaire.moment,
        audience=questionnaire.audience,
        anonymous=questionnaire.anonymous,
        follow_up_months=questionnaire.follow_up_months,
        open_days=questionnaire.open_days,
        reminder_days=questionnaire.reminder_days,
        max_reminders=questionnaire.max_reminders,
        active=False,
        created_by=by,
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=copy,
            position=q.position,
            kind=q.kind,
            text=q.text,
            help_text=q.help_text,
            required=q.required,
            choices=list(q.choices),
            scale_low=q.scale_low,
            scale_high=q.scale_high,
            key=q.key,
        )
        for q in questionnaire.questions.all()
    )
    return copy


# --- Questions ---------------------------------------------------------------------------


def _lock(questionnaire: Questionnaire) -> Questionnaire:
    return Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)


@transaction.atomic
def add_question(*, questionnaire: Questionnaire, **values) -> Question:
    questionnaire = _lock(questionnaire)
    _ensure_editable(questionnaire)
    cleaned = _clean_question(values)
    last = questionnaire.questions.aggregate(m=Max("position"))["m"] or 0
    return Question.objects.create(questionnaire=questionnaire, position=last + 1, **cleaned)


@transaction.atomic
def update_question(*, question: Question, **values) -> Question:
    _lock(question.questionnaire)
    _ensure_editable(question.questionnaire)
    cleaned = _clean_question(values)
    for name, value in cleaned.items():
        setattr(question, name, value)
    question.save()
    return question


@transaction.atomic
def delete_question(*, question: Question) -> None:
    _lock(question.questionnaire)
    _ensure_editable(question.questionnaire)
    question.delete()


@transaction.atomic
def move_question(*, question: Question, direction: str) -> None:
    """Swap with the previous (« up ») or next (« down ») question; nothing at the ends."""
    if direction not in ("up", "down"):
        raise DomainError("bad_direction", _("Déplacement inconnu."))
    _lock(question.questionnaire)
    _ensure_editable(question.questionnaire)
    questions = list(Question.objects.filter(questionnaire_id=question.questionnaire_id))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, q in enumerate(questions, start=1):
        q.position = position
    Question.objects.bulk_update(questions, ["position"])
