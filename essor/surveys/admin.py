"""Admin for the questionnaires and the surveys' dates. Responses and the recipient list
are not shown here: the pages keep anonymity and the counts."""

from django.contrib import admin

from .models import Question, Questionnaire, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("position", "kind", "text", "required", "choices", "key")


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "moment", "audience", "anonymous", "active")
    list_filter = ("programme", "moment", "audience", "active")
    inlines = [QuestionInline]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "cohort", "status", "opens_at", "closes_at", "recipients_count")
    list_filter = ("status", "cohort")
    readonly_fields = ("opened_at", "closed_at", "recipients_count")
