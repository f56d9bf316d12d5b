"""The note skeleton: the expected sections, pre-filled with the participant's name,
organisation, current problem statement and the key figures of their diagnostic workbook
(the workbook's « note outline »: one skeleton, not two), as DOCX and as PDF.

The DOCX is written by hand (zipfile + WordprocessingML: no python-docx). Every user text
goes through `_text()`, which escapes XML and drops the characters XML 1.0 forbids, so a
name like `<&>"` stays text. The PDF is rendered by typst from JSON data (user text is a
string value, never markup).
"""

import io
import re
import zipfile
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from essor.cohorts.models import Enrolment
from essor.documents.render import render_pdf

from . import note_selectors
from .selectors import participant_name


def sections() -> list[dict[str, str]]:
    """The sections the programme expects, with a hint of what goes in each."""
    return [
        {
            "key": "introduction",
            "title": _("Introduction et problématique"),
            "hint": _("Le contexte, la question posée et pourquoi elle compte pour la structure."),
        },
        {
            "key": "structure",
            "title": _("La structure"),
            "hint": _("Présentation de l'organisation : histoire, projet, activités, acteurs."),
        },
        {
            "key": "diagnostic",
            "title": _("Diagnostic institutionnel, organisationnel et économique"),
            "hint": _("Les trois analyses menées dans le cahier de diagnostic."),
        },
        {
            "key": "synthesis",
            "title": _("Synthèse"),
            "hint": _("Forces, faiblesses, opportunités et menaces retenues."),
        },
        {
            "key": "foresight",
            "title": _("Prospective"),
            "hint": _("Les scénarios d'évolution et leurs variables clés."),
        },
        {
            "key": "governance",
            "title": _("Gouvernance et gestion"),
            "hint": _("Les instances, les pratiques de gestion et leur articulation."),
        },
        {
            "key": "recommendations",
            "title": _("Recommandations"),
            "hint": _("Les préconisations, leur calendrier et leurs conditions de réussite."),
        },
        {
            "key": "conclusion",
            "title": _("Conclusion"),
            "hint": _("Ce que la démarche a permis d'établir."),
        },
        {
            "key": "bibliography",
            "title": _("Bibliographie"),
            "hint": _("Les ouvrages, articles et sources cités."),
        },
        {
            "key": "appendices",
            "title": _("Annexes"),
            "hint": _("Les documents utiles à la lecture de la note."),
        },
    ]


def skeleton_data(enrolment: Enrolment, *, by=None) -> dict:
    """The skeleton's data; each section carries the key figures of the participant's
    diagnostic workbook that belong to it (none without a workbook). With `by`, the
    workbook records what the outline computed (a Computation « note_outline »)."""
    from essor.workbook.exports import note_figures

    problem = note_selectors.latest_problem_statement(enrolment)
    figures = note_figures(enrolment, by=by)
    outline = sections()
    for section in outline:
        section["figures"] = figures.get(section["key"], [])
    organisation = enrolment.organisation.name if enrolment.organisation_id else ""
    return {
        "title": _("Note personnelle"),
        "cohort": enrolment.cohort.title,
        "participant": participant_name(enrolment),
        "organisation": organisation,
        "position": enrolment.position,
        "problem_statement": problem.text if problem else "",
        "labels": {
            "participant": _("Auditeur·rice"),
            "organisation": _("Structure"),
            "problem_statement": _("Problématique (version actuelle)"),
            "no_problem_statement": _("Problématique à formuler."),
            "guidance": _("Environ 20 pages hors annexes."),
            "figures": _("Chiffres clés du cahier de diagnostic"),
        },
        "sections": outline,
    }


# --- DOCX ----------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Characters XML 1.0 cannot hold, even escaped (control characters but tab and newline).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)


def _style(style_id: str, name: str, size: int, outline: int | None) -> str:
    level = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/>{level}</w:pPr>'
        f'<w:rPr><w:b/><w:color w:val="00467F"/><w:sz w:val="{size}"/></w:rPr></w:style>'
    )


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:styles xmlns:w="{W_NS}">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="fr-FR"/><w:sz w:val="24"/></w:rPr>'
    "</w:rPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:pPr><w:spacing w:after="120"/></w:pPr></w:style>'
    + _style("Title", "Title", 40, None)
    + _style("Heading1", "heading 1", 30, 0)
    + '<w:style w:type="paragraph" w:styleId="Hint"><w:name w:val="Hint"/>'
    '<w:basedOn w:val="Normal"/><w:rPr><w:i/><w:color w:val="595959"/></w:rPr></w:style>'
    "</w:styles>"
)


def _text(value: str) -> str:
    return escape(_INVALID_XML.sub("", value or ""), {'"': "&quot;"})


def _run(value: str, *, bold: bool = False) -> str:
    """A run; line breaks of the text become <w:br/>."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    lines = (value or "").replace("\r\n", "\n").split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{_text(line)}</w:t>' for line in lines)
    return f"<w:r>{props}{inner}</w:r>"


def _paragraph(*runs: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def _document_xml(data: dict) -> str:
    labels = data["labels"]
    body = [
        _paragraph(_run(data["title"]), style="Title"),
        _paragraph(_run(data["cohort"])),
        _paragraph(_run(labels["participant"] + " : ", bold=True), _run(data["participant"])),
    ]
    if data["organisation"]:
        organisation = data["organisation"]
        if data["position"]:
            organisation = f"{data['position']}, {organisation}"
        body.append(_paragraph(_run(labels["organisation"] + " : ", bold=True), _run(organisation)))
    body.append(_paragraph(_run(labels["guidance"]), style="Hint"))
    body.append(_paragraph(_run(labels["problem_statement"], bold=True)))
    body.append(
        _paragraph(_run(data["problem_statement"]))
        if data["problem_statement"]
        else _paragraph(_run(labels["no_problem_statement"]), style="Hint")
    )
    for number, section in enumerate(data["sections"], start=1):
        body.append(_paragraph(_run(f"{number}. {section['title']}"), style="Heading1"))
        body.append(_paragraph(_run(section["hint"]), style="Hint"))
        if section.get("figures"):
            body.append(_paragraph(_run(labels["figures"], bold=True)))
            for label, value in section["figures"]:
                body.append(_paragraph(_run(f"{label} : ", bold=True), _run(value)))
    page = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" '
        'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(body)}{page}</w:body></w:document>'
    )


def skeleton_docx(data: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        archive.writestr("word/document.xml", _document_xml(data))
        archive.writestr("word/styles.xml", STYLES)
    return out.getvalue()


def skeleton_pdf(data: dict) -> bytes:
    return render_pdf("note_skeleton", data)
