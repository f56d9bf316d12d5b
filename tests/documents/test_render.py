"""render_pdf: a typst template filled with a dict; user text prints as typed, never runs."""

import io

import pytest
from pypdf import PdfReader

from essor.documents.render import RenderError, render_pdf


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def convocation_data(**participant) -> dict:
    """The smallest data the convocation template lays out."""
    labels = dict.fromkeys(
        [
            "title",
            "participant",
            "organisation",
            "position",
            "place",
            "dates",
            "total",
            "calendar_heading",
            "module",
            "module_title",
            "date",
            "times",
            "to_be_set",
            "rules_heading",
            "practical_heading",
            "contacts_heading",
        ],
        "Libellé",
    )
    return {
        "document_title": "Convocation",
        "programme": {"title": "Programme", "certificate_name": "Certificat", "institution": "X"},
        "cohort": {"title": "Promo", "place": "Paris", "dates": "du 1 au 2", "total_hours": "3 h"},
        "participant": {
            "name": "Camille Dupont",
            "organisation": "Asso",
            "position": "",
            **participant,
        },
        "intro": "Intro.",
        "modules": [{"label": "Module 1", "title": "Ouverture", "days": []}],
        "rules": ["Règle."],
        "practical_info": [],
        "contacts": ["contact@exemple.fr"],
        "issued": "Établie.",
        "footer": "Pied",
        "labels": labels,
    }


def test_it_renders_a_pdf_from_a_template_and_a_dict():
    pdf = render_pdf("convocation", convocation_data())

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Camille Dupont" in text
    assert "Asso" in text


@pytest.mark.parametrize(
    "hostile",
    ['#panic("x")', r"$x$ \ ]", "*gras* _penché_ @label <label> `code` // commentaire", "#{1+1}"],
)
def test_user_text_is_data_not_markup(hostile):
    pdf = render_pdf("convocation", convocation_data(name=hostile, organisation=hostile))

    assert pdf_text(pdf).count(hostile) == 2


def test_an_unknown_or_escaping_template_name_is_refused():
    with pytest.raises(RenderError):
        render_pdf("nope", {})
    with pytest.raises(RenderError):
        render_pdf("../render.py", {})


def test_a_template_error_is_reported_with_the_template_name():
    with pytest.raises(RenderError, match=r"convocation\.typ"):
        render_pdf("convocation", {"labels": {}})
