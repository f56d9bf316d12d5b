"""A participant's own eligibility to the certificate: the rule, every blocking item, and
what they can still do. Only their own: the page takes no participant id."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from essor.cohorts.models import Enrolment
from essor.cohorts.permissions import get_cohort_for

from ..derogations import derogations_of
from ..eligibility import REQUIREMENT_TEXTS, eligibility_for

# What a participant can still do about each kind of blocking item.
ADVICE = {
    "upcoming": _("Venez à chaque demi-journée à venir et émargez-la."),
    "not_signed": _(
        "Pour une demi-journée non émargée où vous étiez présent·e, demandez à "
        "l'intervenant·e ou à la coordination de corriger votre présence."
    ),
    "absent": _(
        "Si une absence avait un motif, transmettez un justificatif à la coordination : "
        "une absence justifiée peut faire l'objet d'une dérogation du jury."
    ),
    "excused": _(
        "Pour une absence justifiée, le jury peut accorder une dérogation : la coordination "
        "lui présente votre situation."
    ),
    "note_missing": _(
        "Déposez la version finale de votre note personnelle : votre tuteur·rice l'évaluera."
    ),
    "note_rework": _(
        "Reprenez votre note avec votre tuteur·rice, puis déposez une nouvelle version finale."
    ),
    "note_refused": _("Échangez avec votre tuteur·rice et la coordination sur la suite."),
    "statement_missing": _("Remettez votre note d'intention."),
    "unknown_requirement": _("La coordination vous précisera cette condition."),
}


@login_required
@require_safe
def my_eligibility(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    enrolment = Enrolment.objects.filter(cohort=cohort, user=request.user).first()
    context = {"cohort": cohort, "enrolment": enrolment}
    if enrolment is not None:
        enrolment.cohort = cohort  # the programme is already loaded on it
        eligibility = eligibility_for(enrolment)
        codes = []
        for item in eligibility.items:
            if item.code not in codes:
                codes.append(item.code)
        certification = cohort.programme.certification or {}
        context.update(
            eligibility=eligibility,
            rule_text=certification.get("text", ""),
            requirements=[
                REQUIREMENT_TEXTS.get(code, code) for code in certification.get("requirements", [])
            ],
            advice=[ADVICE[code] for code in codes if code in ADVICE],
            derogations=derogations_of(enrolment),
        )
    return render(request, "certification/eligibility.html", context)
