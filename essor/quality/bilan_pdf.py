"""The bilan as a PDF (typst template essor/documents/templates/bilan.typ): the same
content as the page, the satisfaction chart embedded with its data table."""

from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort
from essor.core.formats import french_date
from essor.core.numbers import french_number, french_rate
from essor.documents.render import render_pdf

from .bilan import bilan_page
from .results import CohortResults


def figures(results: CohortResults) -> list[list[str]]:
    """The bilan's figures as (label, value) rows, shared by the page and the PDF."""
    satisfaction = results.satisfaction
    if satisfaction.shown:
        satisfied = _("%(mean)s sur 5 (%(answers)s réponses, %(share)s de satisfait·es)") % {
            "mean": french_number(satisfaction.mean, 1),
            "answers": satisfaction.answers,
            "share": french_rate(satisfaction.percent_satisfied),
        }
    else:
        satisfied = _("moins de 5 réponses")
    return [
        [_("Participant·es"), str(results.participants)],
        [_("Abandons"), f"{results.withdrawn} ({french_rate(results.dropout_rate)})"],
        [_("Taux d'assiduité"), french_rate(results.attendance_rate)],
        [_("Taux d'achèvement"), french_rate(results.completion_rate)],
        [_("Taux de certification"), french_rate(results.certification_rate)],
        [_("Satisfaction globale"), satisfied],
    ]


def _feedback_entries(summaries) -> list[dict]:
    entries = []
    for summary in summaries:
        lines = []
        for question in summary.questions:
            if question.mean is not None:
                lines.append(
                    _("%(question)s : %(mean)s sur 5")
                    % {"question": question.question.text, "mean": french_number(question.mean, 1)}
                )
            elif question.distribution:
                shares = ", ".join(
                    f"{label} {count}" for label, count, _pct in question.distribution
                )
                lines.append(f"{question.question.text} : {shares}")
        entries.append(
            {
                "title": summary.title,
                "answers": str(summary.answers),
                "shown": summary.shown,
                "lines": lines,
            }
        )
    return entries


def render_bilan_pdf(cohort: Cohort) -> bytes:
    page = bilan_page(cohort)
    bilan = page.bilan
    chart, files = page.chart.pdf_entry("bilan-satisfaction.svg")
    actions = [
        {
            "title": row.action.title,
            "owner": row.owner_name,
            "due": french_date(row.action.due_on),
            "status": str(row.action.get_status_display()),
            "origin": row.action.origin_cohort.title,
            "late": row.late,
        }
        for row in page.actions.decided + page.actions.carried
    ]
    data = {
        "labels": {
            "report": _("Bilan de la promotion"),
            "figures": _("Résultats"),
            "satisfaction": _("Satisfaction par module"),
            "data": _("Données du graphique"),
            "highlights": _("Extraits des réponses libres"),
            "speakers": _("Questionnaire des intervenant·es"),
            "partners": _("Questionnaire des partenaires"),
            "few": _("moins de 5 réponses : résultats non affichés"),
            "answers": _("réponses"),
            "analysis": _("Analyse de la coordination"),
            "partners_feedback": _("Retours des partenaires"),
            "speakers_feedback": _("Retours des intervenant·es"),
            "actions": _("Actions d'amélioration"),
            "no_actions": _("Aucune action d'amélioration."),
            "held_on": _("Réunion de bilan"),
            "attendees": _("Participant·es à la réunion"),
            "late": _("en retard"),
            "action_headers": [
                _("Action"),
                _("Responsable"),
                _("Échéance"),
                _("État"),
                _("Décidée lors de"),
            ],
        },
        "title": cohort.title,
        "programme": cohort.programme.title,
        "held_on": french_date(bilan.held_on) if bilan.held_on else "",
        "attendees": bilan.attendees,
        "figures": figures(page.results),
        "chart": chart,
        "highlights": [{"text": h.text, "source": h.source} for h in page.highlights],
        "speakers": _feedback_entries(page.speakers),
        "partners": _feedback_entries(page.partners),
        "summary": bilan.summary,
        "partners_feedback": bilan.partners_feedback,
        "speakers_feedback": bilan.speakers_feedback,
        "actions": actions,
    }
    return render_pdf("bilan", data, files=files or None)
