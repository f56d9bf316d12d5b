"""The workbook's sections, the modules that teach them and their inter-session due dates.

A section is due when the next module after the one(s) that teach it starts: the work is
done between sessions and brought back to the following one.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from essor.cohorts.models import Cohort
from essor.programmes.models import Slot

from .models import Section


@dataclass(frozen=True)
class SectionSpec:
    code: str
    modules: tuple[int, ...]  # the modules that teach the section
    hint: str

    @property
    def title(self) -> str:
        return Section(self.code).label

    @property
    def due_module(self) -> int:
        return max(self.modules) + 1


SPECS: tuple[SectionSpec, ...] = (
    SectionSpec("A", (2, 3), _("La structure, sa famille, ses conditions ESS et ESUS.")),
    SectionSpec("B", (4,), _("L'histoire, les entretiens, l'institué et l'instituant.")),
    SectionSpec("C", (5,), _("Division du travail, acteurs et relations de pouvoir.")),
    SectionSpec("D", (6,), _("Bénévolat valorisé, ressources, alliances.")),
    SectionSpec("E", (7,), _("Forces, faiblesses, opportunités, menaces ; enjeux clés.")),
    SectionSpec("F", (8,), _("Variables clés pour la boîte à outils de prospective.")),
    SectionSpec("G", (10,), _("Instances, renouvellement, parité, bonnes pratiques.")),
    SectionSpec("H", (12,), _("Énergie, déplacements, émissions ; registre CARE.")),
)
BY_CODE = {spec.code: spec for spec in SPECS}


def spec_for(code: str) -> SectionSpec | None:
    return BY_CODE.get(code)


def due_dates(cohort: Cohort) -> dict[str, datetime | None]:
    """Section code → start of the cohort's first half-day of the module after the
    teaching one (None when the cohort has no such module): one query."""
    starts = dict(
        Slot.objects.filter(cohort=cohort)
        .values_list("module__number")
        .annotate(first=Min("start"))
        .values_list("module__number", "first")
    )
    return {spec.code: starts.get(spec.due_module) for spec in SPECS}


def module_starts(cohort: Cohort) -> dict[int, datetime]:
    """Module number → first start, for showing « enseignée au module 4 (12 mars) »."""
    return dict(
        Slot.objects.filter(cohort=cohort)
        .values_list("module__number")
        .annotate(first=Min("start"))
        .values_list("module__number", "first")
    )
