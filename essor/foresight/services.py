"""Writes on foresight studies: each validates with the engine first, so that invalid
input writes nothing (the engine's French message names the row and the column)."""

from django.db import transaction
from django.utils.translation import gettext as _

from essor.core import clock
from essor.core.errors import DomainError

from . import engine, grids
from .models import Study, Tool


def compute(tool: str, data: dict) -> dict:
    """The engine's result for a study input; ForesightInputError when invalid."""
    if tool == Tool.MICMAC:
        return engine.micmac(
            data.get("labels", []), data.get("matrix", []), data.get("potential_value", 3)
        )
    if tool == Tool.MACTOR:
        return engine.mactor(
            data.get("actors", []),
            data.get("objectives", []),
            data.get("mid", []),
            data.get("mao", []),
        )
    if tool == Tool.MORPHOL:
        return engine.morphol(
            data.get("components", []),
            data.get("exclusions", []),
            data.get("preferences", []),
            top=data.get("top", 20),
        )
    return engine.smic(data.get("hypotheses", []), data.get("experts", []))


def _computable(tool: str, data: dict) -> bool:
    """Whether a study has enough labels to be computed (a new study has none)."""
    if tool == Tool.MICMAC:
        return len(data.get("labels", [])) >= 2
    if tool == Tool.MACTOR:
        return len(data.get("actors", [])) >= 2 and len(data.get("objectives", [])) >= 1
    if tool == Tool.MORPHOL:
        return bool(data.get("components"))
    return len(data.get("hypotheses", [])) >= 2


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise DomainError("title_required", _("Donnez un intitulé à l'étude."))
    if len(title) > 200:
        raise DomainError("title_too_long", _("L'intitulé dépasse 200 caractères."))
    return title


@transaction.atomic
def create_study(*, cohort, enrolment, tool: str, title: str, by) -> Study:
    """A new, empty study: the participant's own (enrolment) or a cohort exercise."""
    if tool not in Tool.values:
        raise DomainError("tool_unknown", _("Choisissez un outil."))
    return Study.objects.create(
        cohort=cohort,
        enrolment=enrolment,
        tool=tool,
        title=_title(title),
        data=grids.empty_data(tool),
        created_by=by,
    )


@transaction.atomic
def save_study(*, study: Study, data: dict, title: str | None = None) -> Study:
    """Store the input and its result. Raises engine.ForesightInputError (nothing
    written) when the engine rejects it. Too few labels: stored without a result."""
    if title is not None:
        study.title = _title(title)
    if _computable(study.tool, data):
        study.result = compute(study.tool, data)
        study.computed_at = clock.now()
    else:
        study.result = None
        study.computed_at = None
    study.data = data
    study.save()
    return study


@transaction.atomic
def import_file(*, study: Study, content: bytes) -> Study:
    """Replace the study's input by a CSV/XLSX file's. DomainError on a bad file (its
    message names the line and column); nothing written."""
    data = grids.data_from_file(study.tool, content, study.data)
    try:
        return save_study(study=study, data=data)
    except engine.ForesightInputError as error:
        raise DomainError(
            "file_invalid", _("Données du fichier : %(message)s") % {"message": error.message}
        ) from error


def workbook_labels(enrolment, *, variables: bool, issues: bool) -> list[str]:
    """Key variables and/or SWOT key issues of the participant's workbook, in order."""
    from essor.workbook.access import workbook_of
    from essor.workbook.models import KeyVariable, SwotItem

    workbook = workbook_of(enrolment) if enrolment is not None else None
    if workbook is None:
        return []
    labels: list[str] = []
    if variables:
        labels += KeyVariable.objects.filter(workbook=workbook).values_list("name", flat=True)
    if issues:
        labels += SwotItem.objects.filter(workbook=workbook, key_issue=True).values_list(
            "text", flat=True
        )
    return [label.strip() for label in labels if label.strip()]


@transaction.atomic
def take_workbook_variables(*, study: Study, variables: bool, issues: bool) -> int:
    """Add the workbook's key variables / key issues as MICMAC variables (those not
    already there), resizing the matrix and keeping every existing cell. Returns how
    many were added."""
    if study.tool != Tool.MICMAC:
        raise DomainError("not_micmac", _("Seule une étude MICMAC reprend les variables."))
    if study.enrolment_id is None:
        raise DomainError(
            "no_workbook", _("Un exercice de promotion n'a pas de cahier de diagnostic.")
        )
    if not (variables or issues):
        raise DomainError("nothing_chosen", _("Choisissez les variables clés ou les enjeux clés."))
    found = workbook_labels(study.enrolment, variables=variables, issues=issues)
    labels = list(study.data.get("labels", []))
    added = [label for label in dict.fromkeys(found) if label not in labels]
    if not found:
        raise DomainError(
            "workbook_empty", _("Le cahier de diagnostic ne contient encore rien à reprendre.")
        )
    if not added:
        return 0
    new = labels + added
    matrix = grids.resize(study.data.get("matrix", []), labels, labels, new, new)
    data = {**study.data, "labels": new, "matrix": grids.zero_diagonal(matrix)}
    try:
        save_study(study=study, data=data)
    except engine.ForesightInputError as error:
        raise DomainError("invalid", error.message) from error
    return len(added)


@transaction.atomic
def set_shared(*, study: Study, shared: bool) -> Study:
    if study.enrolment_id is not None:
        raise DomainError("not_exercise", _("Seul un exercice de promotion se partage."))
    study.shared = shared
    study.save(update_fields=["shared", "updated_at"])
    return study


@transaction.atomic
def copy_study(*, study: Study, enrolment, by) -> Study:
    """A participant's own copy of a shared cohort exercise."""
    if study.enrolment_id is not None or not study.shared:
        raise DomainError("not_shared", _("Seul un exercice partagé se copie."))
    return Study.objects.create(
        cohort=study.cohort,
        enrolment=enrolment,
        tool=study.tool,
        title=study.title,
        data=study.data,
        result=study.result,
        computed_at=study.computed_at,
        created_by=by,
    )


@transaction.atomic
def delete_study(*, study: Study) -> None:
    study.delete()
