"""What a workbook holds about third parties (the people interviewed, the volunteers) and
its erasure on request. Interviews go whole; a volunteer entry loses its pseudonym but
keeps its hours, date and activity, which the valuation of volunteering needs and which
name nobody."""

from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Interview, VolunteerEntry, Workbook


@dataclass(frozen=True)
class PersonalData:
    interviews: list[Interview]
    volunteer_entries: list[VolunteerEntry]  # only those that carry a pseudonym

    @property
    def without_consent(self) -> list[Interview]:
        return [i for i in self.interviews if not i.consent]

    @property
    def pseudonyms(self) -> list[str]:
        return sorted({e.volunteer for e in self.volunteer_entries}, key=str.casefold)

    @property
    def empty(self) -> bool:
        return not self.interviews and not self.volunteer_entries


def personal_data(workbook: Workbook) -> PersonalData:
    """Two queries."""
    return PersonalData(
        interviews=list(Interview.objects.filter(workbook=workbook).order_by("pk")),
        volunteer_entries=list(
            VolunteerEntry.objects.filter(workbook=workbook).exclude(volunteer="")
        ),
    )


@transaction.atomic
def delete_interview(*, workbook: Workbook, interview_id: int, by) -> None:
    """Delete one interview of this workbook (404 for an interview of another workbook)."""
    deleted, _rows = Interview.objects.filter(workbook=workbook, pk=interview_id).delete()
    if not deleted:
        raise Http404(_("Entretien introuvable."))


@dataclass(frozen=True)
class Erasure:
    interviews: int
    pseudonyms: int


@transaction.atomic
def erase_all(*, workbook: Workbook, by) -> Erasure:
    """Delete every interview and blank every volunteer pseudonym of this workbook only."""
    interviews, _rows = Interview.objects.filter(workbook=workbook).delete()
    pseudonyms = (
        VolunteerEntry.objects.filter(workbook=workbook).exclude(volunteer="").update(volunteer="")
    )
    return Erasure(interviews=interviews, pseudonyms=pseudonyms)
