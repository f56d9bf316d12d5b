"""The foresight toolbox's JSON endpoints."""

from django.utils.translation import gettext as _
from ninja import Router, Status

from essor.api.auth import session_or_token

from . import engine
from . import schemas as s

router = Router(tags=["prospective"])


# --- POST /api/foresight/micmac|mactor|morphol|smic -------------------------------------
# (helper "api+charts": computation only, nothing stored; for signed-in people)


class _TooLarge(Exception):
    def __init__(self, message: str):
        self.message = message


def _error(code: str, message: str, row=None, column=None) -> Status:
    return Status(422, {"detail": message, "code": code, "row": row, "column": column})


def _compute(function, *args, **kwargs):
    """The engine's result, or a 422 with its French message naming the row/column."""
    try:
        return function(*args, **kwargs)
    except engine.ForesightInputError as error:
        return _error(error.code, error.message, error.row, error.column)


def _limit(count: int, maximum: int, message: str, **names) -> None:
    if count > maximum:
        raise _TooLarge(message % {"count": count, "max": maximum, **names})


ERRORS_422 = (
    " Réponse 422 avec un message en français nommant la ligne et la colonne en cause "
    "(champs detail, code, row, column) si les données sont invalides ou trop grandes. "
    "Aucune donnée n'est enregistrée."
)


def _operation(path: str, out, url_name: str, summary: str, description: str):
    return router.post(
        path,
        response={200: out, 422: s.ErrorOut},
        auth=session_or_token,
        by_alias=True,
        url_name=url_name,
        summary=summary,
        description=description + ERRORS_422,
    )


@_operation(
    "/micmac",
    s.MicmacOut,
    "foresight-micmac",
    "MICMAC : analyse structurelle",
    "Classement direct, indirect (puissances de la matrice jusqu'à la stabilité des deux "
    "classements, au plus 30) et potentiel des variables : influence, dépendance, parts, "
    "rangs, stabilité par puissance, secteurs (influent, relais, dependant, autonome), "
    "variables régulatrices et déplacements. Au plus 200 variables.",
)
def micmac(request, payload: s.MicmacIn):
    try:
        _limit(
            len(payload.labels),
            s.MAX_MICMAC_VARIABLES,
            _("MICMAC : %(count)s variables, %(max)s au plus."),
        )
    except _TooLarge as error:
        return _error("too_large", error.message)
    return _compute(
        engine.micmac, payload.labels, payload.matrix, potential_value=payload.potential_value
    )


@_operation(
    "/mactor",
    s.MactorOut,
    "foresight-mactor",
    "MACTOR : jeu des acteurs",
    "Influences directes et indirectes (MIDI), influence, dépendance, rapports de force r "
    "et r*, balance nette, 3MAO, convergences et divergences (1, 2, 3 CAA/DAA), "
    "implication et mobilisation par acteur et par objectif. Au plus 100 acteurs et 200 "
    "objectifs.",
)
def mactor(request, payload: s.MactorIn):
    try:
        _limit(
            len(payload.actors),
            s.MAX_MACTOR_ACTORS,
            _("MACTOR : %(count)s acteurs, %(max)s au plus."),
        )
        _limit(
            len(payload.objectives),
            s.MAX_MACTOR_OBJECTIVES,
            _("MACTOR : %(count)s objectifs, %(max)s au plus."),
        )
    except _TooLarge as error:
        return _error("too_large", error.message)
    return _compute(engine.mactor, payload.actors, payload.objectives, payload.mid, payload.mao)


@_operation(
    "/morphol",
    s.MorpholOut,
    "foresight-morphol",
    "MORPHOL : analyse morphologique",
    "Taille de l'espace morphologique, nombre de scénarios possibles compte tenu des "
    "exclusions et des préférences, et les scénarios les plus probables (probabilités "
    "renormalisées sur les scénarios possibles). Au-delà de 10⁶ combinaisons, les "
    "scénarios sont comptés sans être listés. Au plus 20 composantes de 20 hypothèses.",
)
def morphol(request, payload: s.MorpholIn):
    try:
        _limit(
            len(payload.components),
            s.MAX_MORPHOL_COMPONENTS,
            _("MORPHOL : %(count)s composantes, %(max)s au plus."),
        )
        for number, component in enumerate(payload.components, start=1):
            _limit(
                len(component.hypotheses),
                s.MAX_MORPHOL_HYPOTHESES,
                _(
                    "MORPHOL : composante %(number)s (%(name)s) : %(count)s hypothèses, "
                    "%(max)s au plus."
                ),
                number=number,
                name=component.name,
            )
        _limit(
            len(payload.exclusions) + len(payload.preferences),
            s.MAX_MORPHOL_PAIRS,
            _("MORPHOL : %(count)s exclusions et préférences, %(max)s au plus."),
        )
        _limit(payload.top, s.MAX_MORPHOL_TOP, _("MORPHOL : top = %(count)s, %(max)s au plus."))
    except _TooLarge as error:
        return _error("too_large", error.message)
    components = [
        {
            "name": c.name,
            "hypotheses": [
                {"name": h.name} if h.p is None else {"name": h.name, "p": h.p}
                for h in c.hypotheses
            ],
        }
        for c in payload.components
    ]
    return _compute(
        engine.morphol, components, payload.exclusions, payload.preferences, top=payload.top
    )


@_operation(
    "/smic",
    s.SmicOut,
    "foresight-smic",
    "SMIC-Prob-Expert : probabilités des scénarios",
    "Probabilités des 2ⁿ scénarios (moindres carrés sur le simplexe) à partir des "
    "probabilités simples et conditionnelles données par chaque expert, probabilités "
    "corrigées, valeur de l'objectif ; plusieurs experts sont moyennés. Pour n ≥ 3, si "
    "l'optimum n'est pas unique, la solution d'entropie maximale est retenue et signalée "
    "(note). De 2 à 6 hypothèses, 50 experts au plus.",
)
def smic(request, payload: s.SmicIn):
    try:
        _limit(
            len(payload.hypotheses),
            s.MAX_SMIC_HYPOTHESES,
            _("SMIC : %(count)s hypothèses, %(max)s au plus."),
        )
        _limit(
            len(payload.experts),
            s.MAX_SMIC_EXPERTS,
            _("SMIC : %(count)s experts, %(max)s au plus."),
        )
    except _TooLarge as error:
        return _error("too_large", error.message)
    experts = [
        {"p": e.p, "p_given": e.p_given, "p_given_not": e.p_given_not} for e in payload.experts
    ]
    return _compute(engine.smic, payload.hypotheses, experts)
