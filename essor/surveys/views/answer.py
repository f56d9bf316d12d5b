"""Answering: the list of my surveys to fill in, the form (logged in, or through the
e-mailed link without logging in). Nothing here writes anything but `submit_response`,
and nothing is logged or put in the session about who answered."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essor.core.errors import DomainError

from ..answer_forms import build_fields, read_post
from ..answering import is_open, open_surveys_for, submit_response
from ..models import Recipient, SurveyStatus
from ..tokens import hash_token


@login_required
def mine(request):
    return render(request, "surveys/mine.html", {"surveys": open_surveys_for(request.user)})


def _gone(request, message: str):
    return render(request, "surveys/answer_gone.html", {"message": message}, status=410)


def _answer_page(request, recipient, action: str):
    survey = recipient.survey
    if recipient.answered:
        return _gone(request, _("Vous avez déjà répondu à cette enquête : merci !"))
    if not is_open(survey):
        return _gone(request, _("Cette enquête est close : elle ne reçoit plus de réponses."))
    questions = list(survey.questionnaire.questions.all())
    data, errors, status = None, {}, 200
    if request.method == "POST":
        data = read_post(questions, request.POST)
        try:
            submit_response(survey=survey, recipient=recipient, data=data)
        except DomainError as error:
            if error.code != "invalid_answers":
                return _gone(request, error.message)
            errors, status = error.errors, 400
        else:
            return render(request, "surveys/answer_done.html", {"survey": survey})
    context = {
        "survey": survey,
        "questionnaire": survey.questionnaire,
        "fields": build_fields(questions, data, errors),
        "errors": errors,
        "action": action,
    }
    return render(request, "surveys/answer.html", context, status=status)


_RELATED = ("survey__questionnaire", "survey__cohort", "survey__module")


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk):
    recipient = (
        Recipient.objects.select_related(*_RELATED)
        .filter(survey_id=pk, user=request.user, survey__status=SurveyStatus.OPEN)
        .first()
    )
    if recipient is None:
        raise Http404(_("Enquête introuvable."))
    return _answer_page(request, recipient, request.path)


@require_http_methods(["GET", "POST"])
def answer_token(request, token):
    recipient = (
        Recipient.objects.select_related(*_RELATED).filter(token_hash=hash_token(token)).first()
    )
    if recipient is None:
        return render(request, "surveys/answer_unknown.html", status=404)
    return _answer_page(request, recipient, request.path)
