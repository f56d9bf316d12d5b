"""The questionnaire builder (coordination of a cohort of the programme): the list, a new
questionnaire, its settings and questions, copies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from essor.core.errors import DomainError

from .. import builder, selectors
from ..builder_forms import QuestionForm, QuestionnaireForm
from ..defaults import ensure_default_questionnaires
from ..models import QuestionKind


@login_required
@require_http_methods(["GET", "POST"])
def questionnaires(request, code):
    programme = builder.get_programme_for_builder(request.user, code)
    if request.method == "POST":
        ensure_default_questionnaires(programme)
        messages.success(request, _("Les questionnaires par défaut sont en place."))
        return redirect("surveys:questionnaires", code=programme.code)
    items = selectors.programme_questionnaires(programme)
    return render(
        request,
        "surveys/questionnaire_list.html",
        {
            "programme": programme,
            "questionnaires": items,
            "missing_defaults": not any(q.key for q in items),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_new(request, code):
    programme = builder.get_programme_for_builder(request.user, code)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = builder.create_questionnaire(
                programme=programme, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Questionnaire créé : ajoutez ses questions."))
            return redirect("surveys:questionnaire", pk=questionnaire.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "surveys/questionnaire_new.html",
        {"programme": programme, "form": form},
        status=status,
    )


def _page(request, questionnaire, *, settings_form=None, new_form=None, bound=None, status=200):
    """The questionnaire page; `bound` replaces the edit form of one question."""
    questionnaire = selectors.questionnaire_with_questions(questionnaire)
    questions = list(questionnaire.questions.all())
    edit_forms = [
        bound if bound is not None and bound.prefix == f"q{q.pk}" else QuestionForm.for_question(q)
        for q in questions
    ]
    return render(
        request,
        "surveys/questionnaire.html",
        {
            "programme": questionnaire.programme,
            "questionnaire": questionnaire,
            "frozen": builder.is_frozen(questionnaire),
            "settings_form": settings_form or QuestionnaireForm(instance=questionnaire),
            "new_form": new_form or QuestionForm(prefix="new", initial={"required": True}),
            "items": list(zip(questions, edit_forms, strict=True)),
            "kinds": QuestionKind,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request, pk):
    questionnaire = builder.get_questionnaire_for(request.user, pk)
    if request.method == "GET":
        return _page(request, questionnaire)
    if request.POST.get("form") == "question":
        form = QuestionForm(request.POST, prefix="new")
        if form.is_valid():
            try:
                builder.add_question(questionnaire=questionnaire, **form.values())
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Question ajoutée."))
                return redirect("surveys:questionnaire", pk=questionnaire.pk)
        return _page(request, questionnaire, new_form=form, status=400)
    form = QuestionnaireForm(request.POST, instance=questionnaire)
    if form.is_valid():
        try:
            builder.update_questionnaire(questionnaire=questionnaire, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Réglages enregistrés."))
            return redirect("surveys:questionnaire", pk=questionnaire.pk)
    # The form wrote the typed values on the instance: read it again for the page.
    fresh = builder.get_questionnaire_for(request.user, pk)
    return _page(request, fresh, settings_form=form, status=400)


@login_required
@require_POST
def questionnaire_copy(request, pk):
    questionnaire = builder.get_questionnaire_for(request.user, pk)
    copy = builder.copy_questionnaire(questionnaire=questionnaire, by=request.user)
    messages.success(
        request,
        _("Copie créée. Elle n'est pas envoyée automatiquement tant que vous ne l'activez pas."),
    )
    return redirect("surveys:questionnaire", pk=copy.pk)


@login_required
@require_POST
def question(request, pk, qid):
    item = builder.get_question_for(request.user, pk, qid)
    form = QuestionForm.for_question(item, data=request.POST)
    if form.is_valid():
        try:
            builder.update_question(question=item, **form.values())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Question enregistrée."))
            return redirect("surveys:questionnaire", pk=pk)
    return _page(request, item.questionnaire, bound=form, status=400)


def _simple(request, pk, action):
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("surveys:questionnaire", pk=pk)


@login_required
@require_POST
def question_delete(request, pk, qid):
    item = builder.get_question_for(request.user, pk, qid)

    def action():
        builder.delete_question(question=item)
        messages.success(request, _("Question supprimée."))

    return _simple(request, pk, action)


@login_required
@require_POST
def question_move(request, pk, qid):
    item = builder.get_question_for(request.user, pk, qid)
    direction = request.POST.get("direction", "")
    return _simple(request, pk, lambda: builder.move_question(question=item, direction=direction))
