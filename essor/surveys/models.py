"""Evaluation questionnaires (Qualiopi indicator 30): what is asked, when it is sent,
who still has to answer, and the answers.

Anonymity is a property of the tables, not of the pages: for an anonymous survey no
column links a `Response` to a person. The people asked are listed apart (`Recipient`,
for the e-mailed link and the reminders); that list records whether somebody answered
but not when, and it is deleted when the survey closes. Responses and answers have
random UUID keys and an anonymous response carries no date, so neither their order nor
their time can be matched with the list while it exists.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Results of a survey are shown only from this many answers on: below it, one answer
# could be recognised by the people who know who answered.
MIN_ANSWERS_SHOWN = 5


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("échelle de 1 à 5")
    SINGLE = "single", _("choix unique")
    MULTIPLE = "multiple", _("choix multiple")
    TEXT = "text", _("texte libre")


class Audience(models.TextChoices):
    PARTICIPANTS = "participants", _("auditeur·rices")
    SPEAKERS = "speakers", _("intervenant·es")
    PARTNERS = "partners", _("partenaires")


class Moment(models.TextChoices):
    MODULE = "module", _("à chaud, après chaque module")
    END = "end", _("fin de formation")
    FOLLOW_UP = "follow_up", _("à froid, quelques mois après la fin")
    MANUAL = "manual", _("à la date choisie")


class Questionnaire(models.Model):
    """A set of questions for one programme, reused by each cohort's surveys (which is
    what makes cohorts comparable). Once a survey using it has an answer, its questions
    are frozen: the coordination copies it to change them."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="questionnaires"
    )
    # Stable name of the default questionnaires (« a-chaud », « fin », …); blank otherwise.
    key = models.SlugField(_("clé"), max_length=40, blank=True)
    title = models.CharField(_("intitulé"), max_length=200)
    intro = models.TextField(_("texte d'accueil"), blank=True)
    moment = models.CharField(_("moment"), max_length=16, choices=Moment.choices)
    audience = models.CharField(_("public"), max_length=16, choices=Audience.choices)
    anonymous = models.BooleanField(_("anonyme"), default=True)
    # For the « à froid » questionnaire: months after the last half-day (3 to 6).
    follow_up_months = models.PositiveSmallIntegerField(_("délai (mois)"), default=4)
    # Days a survey stays open, and days between reminders (at most `max_reminders`).
    open_days = models.PositiveSmallIntegerField(_("durée d'ouverture (jours)"), default=14)
    reminder_days = models.PositiveSmallIntegerField(_("relance après (jours)"), default=4)
    max_reminders = models.PositiveSmallIntegerField(_("nombre de relances"), default=2)
    active = models.BooleanField(
        _("envoyé automatiquement"),
        default=True,
        help_text=_("Planifié pour chaque promotion du programme."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "moment", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "key"],
                condition=~models.Q(key=""),
                name="questionnaire_key_unique",
            ),
        ]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    kind = models.CharField(_("type"), max_length=8, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("précision"), max_length=500, blank=True)
    required = models.BooleanField(_("obligatoire"), default=True)
    # Single and multiple choice: the options, in order (at least two).
    choices = models.JSONField(_("options"), default=list, blank=True)
    # Scale: the words at each end (« Pas du tout satisfait·e » … « Très satisfait·e »).
    scale_low = models.CharField(_("libellé du 1"), max_length=80, blank=True)
    scale_high = models.CharField(_("libellé du 5"), max_length=80, blank=True)
    # Same key across questionnaires = same question, compared between modules/cohorts
    # (« satisfaction » is the overall satisfaction the bilan reports per module).
    key = models.SlugField(_("clé"), max_length=40, blank=True)

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class SurveyStatus(models.TextChoices):
    PLANNED = "planned", _("planifiée")
    OPEN = "open", _("ouverte")
    CLOSED = "closed", _("close")


class Survey(models.Model):
    """One sending of a questionnaire to one cohort (for one module when « à chaud »)."""

    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="surveys")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="surveys"
    )
    module = models.ForeignKey(
        "programmes.Module", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("intitulé"), max_length=250)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    status = models.CharField(
        _("état"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.PLANNED
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Counts kept when the recipient list is purged at closing (response rate).
    recipients_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "opens_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "questionnaire", "module"],
                condition=models.Q(module__isnull=False),
                name="survey_module_unique",
            ),
            models.UniqueConstraint(
                fields=["cohort", "questionnaire"],
                condition=models.Q(module__isnull=True),
                name="survey_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "opens_at"])]
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")

    def __str__(self) -> str:
        return self.title


class Recipient(models.Model):
    """A person asked to answer: the e-mailed link (hash only) and the reminders. Kept
    apart from the answers and deleted when the survey closes."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    answered = models.BooleanField(default=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="recipient_unique"),
        ]
        verbose_name = _("destinataire")
        verbose_name_plural = _("destinataires")

    def __str__(self) -> str:
        return f"{self.survey_id} — {self.user_id}"


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Only for a survey that is not anonymous (a named speakers' or partners'
    # questionnaire); always None when the questionnaire is anonymous.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The day, for a named response only: an anonymous one carries no date at all.
    submitted_on = models.DateField(_("reçue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    # Random keys here too: sequential ones would give the order in which people answered.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # Scale: 1–5. Single choice: the option's index. Multiple: `choices` (indexes).
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique"),
        ]
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")

    def __str__(self) -> str:
        return f"{self.response_id} — {self.question_id}"
