"""What an applicant sends: a valid form, a real PDF, and a submitted application."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from essor.cohorts.admissions import submit_application

# A real SIREN (9 digits, Luhn key valid), typed with spaces as people do.
SIREN = "552 100 554"


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def cv_file(content: bytes | None = None, name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, pdf_bytes() if content is None else content, content_type="application/pdf"
    )


def form_data(**overrides) -> dict:
    """The public form's fields, filled in as a level 7 applicant would."""
    data = {
        "first_name": "Inès",
        "last_name": "Moreau",
        "email": "ines.moreau@exemple.fr",
        "phone": "06 12 34 56 78",
        "organisation_name": "Les Jardins du Lien",
        "organisation_family": "association",
        "siren": SIREN,
        "region": "BRE",
        "employees": "14",
        "volunteers": "60",
        "federation": "Réseau Cocagne",
        "position": "Directrice",
        "diploma_level": "7",
        "diploma_title": "Master ESS",
        "vapp_request": "",
        "motivation": "Structurer la gouvernance de l'association après sa croissance.",
        "funding": "opco",
        "funding_details": "Uniformation",
        "accessibility_needs": "",
    }
    data.update(overrides)
    return data


def service_data(**overrides) -> dict:
    """The same, as the cleaned values the service receives."""
    data = form_data(**overrides)
    for name in ("employees", "volunteers", "diploma_level"):
        data[name] = int(data[name]) if data[name] != "" else None
    return data


def submit(cohort, **overrides):
    """An application submitted through the service (e-mails wait for a commit)."""
    return submit_application(cohort=cohort, data=service_data(**overrides), cv=cv_file())
