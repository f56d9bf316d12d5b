"""The attendance documents: what each PDF shows, as plain data, and its rendering.

Each document is data plus a typst template (essor/documents/templates/*.typ): every
French word is written here through gettext, the templates only lay out strings.
"""

from .certificates import (
    CohortFacts,
    attestation_data,
    certificat_data,
    cohort_facts,
    enrolment_facts,
    render_attestation,
    render_certificat,
)
from .common import participant_filename, participant_sort_key, sheet_filename
from .overview import documents_overview, own_enrolment
from .sheets import (
    blank_sheet_data,
    render_attendance_sheet,
    render_blank_sheet,
    sheet_data,
    sheet_evidence,
)

__all__ = [
    "CohortFacts",
    "attestation_data",
    "blank_sheet_data",
    "certificat_data",
    "cohort_facts",
    "documents_overview",
    "enrolment_facts",
    "own_enrolment",
    "participant_filename",
    "participant_sort_key",
    "render_attendance_sheet",
    "render_attestation",
    "render_blank_sheet",
    "render_certificat",
    "sheet_data",
    "sheet_evidence",
    "sheet_filename",
]
