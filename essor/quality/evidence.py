"""The quality evidence of a cohort: one zip, one folder per Qualiopi indicator, bundling
the documents Essor already produces (rendered by their own functions; issued
certificates and closed juries' minutes as stored) and a « sommaire.txt » that lists
every file, what it proves, and what is missing.

`evidence_plan` lists the files with what they prove and a deferred `render` each (it
only counts: the page shows it); `build_evidence_zip` renders them.
"""

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.attendance.documents.common import in_site_language, sheet_filename
from essor.attendance.documents.sheets import render_attendance_sheet
from essor.certification.certificate_selectors import cohort_certificates
from essor.certification.eligibility import cohort_eligibility
from essor.certification.jury_selectors import minutes_filename, minutes_pdf
from essor.certification.models import CertificateStatus, Jury
from essor.cohorts.convocation import cohort_facts, participant_name, render_convocation
from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus
from essor.core.formats import french_date
from essor.coursework.models import StatementVersion
from essor.programmes.models import Slot
from essor.quality.bilan_pdf import render_bilan_pdf
from essor.quality.exports import actions_csv, complaints_csv
from essor.quality.models import Bilan, Complaint, ImprovementAction
from essor.quality.programme_pdf import render_programme_pdf
from essor.quality.results import cohort_results, programme_results
from essor.surveys.exports import results_csv
from essor.surveys.models import MIN_ANSWERS_SHOWN, Response, Survey

from . import evidence_parts as parts

# Who is convoked (and has a statement, a line in the tables): everyone who took a place.
CONVOKED = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.CERTIFIED)
SAFE_NAME = re.compile(r"[^a-z0-9._-]+")


def safe_name(text: str, default: str = "document") -> str:
    """An ASCII file name without folders: « Note d'Élise/../x » → « note-delise-x »."""
    return SAFE_NAME.sub("-", slugify(text)).strip("-.")[:80] or default


@dataclass
class EvidenceFile:
    name: str
    proves: str
    render: Callable[[], bytes]


@dataclass
class EvidenceFolder:
    folder: str
    indicators: str
    title: str
    files: list[EvidenceFile] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def add(self, name: str, proves: str, render: Callable[[], bytes]) -> None:
        self.files.append(EvidenceFile(name, proves, render))


def _const(content: bytes) -> Callable[[], bytes]:
    return lambda: content


def _stored(field_file) -> Callable[[], bytes]:
    def read() -> bytes:
        with field_file.open("rb") as stored:
            return stored.read()

    return read


def _enrolments(cohort: Cohort) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(cohort=cohort, status__in=CONVOKED)
        .select_related("cohort__programme", "user", "organisation", "application")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def _person_file(prefix: str, enrolment: Enrolment, extension: str) -> str:
    name = safe_name(participant_name(enrolment), "participant")
    return f"{prefix}-{name}-{enrolment.pk}.{safe_name(extension, 'bin')}"


# --- The folders ---------------------------------------------------------------------


def _public_information(cohort: Cohort) -> EvidenceFolder:
    folder = EvidenceFolder(
        "01-information-publique", "1", _("Information du public sur la prestation")
    )
    folder.add(
        f"programme-{safe_name(cohort.slug)}.pdf",
        _(
            "Le programme publié : objectifs, public, prérequis, modules et durées, dates, "
            "modalités d'évaluation et de certification, accessibilité, contacts."
        ),
        lambda: render_programme_pdf(cohort.programme, cohort),
    )
    return folder


def _results(cohort: Cohort) -> tuple[EvidenceFolder, object]:
    folder = EvidenceFolder("02-resultats", "2", _("Résultats obtenus"))
    own = cohort_results(cohort)
    programme = programme_results(cohort.programme)
    folder.add(
        "resultats-promotion.csv",
        _(
            "Les taux d'abandon, d'achèvement, de certification, d'assiduité et la "
            "satisfaction de la promotion, calculés sur les enregistrements."
        ),
        _const(parts.results_csv([(cohort.title, own)])),
    )
    rows = [(r.cohort.title, r) for r in programme.cohorts] + [(_("Ensemble"), programme.total)]
    folder.add(
        "resultats-programme.csv",
        _(
            "Les mêmes indicateurs pour chaque promotion terminée du programme et leur "
            "ensemble (ce que publie la page des résultats)."
        ),
        _const(parts.results_csv(rows)),
    )
    folder.counts.append(
        ngettext(
            "%(count)s promotion terminée dans les résultats du programme",
            "%(count)s promotions terminées dans les résultats du programme",
            len(programme.cohorts),
        )
        % {"count": len(programme.cohorts)}
    )
    return folder, own


def _certification(cohort: Cohort, own) -> EvidenceFolder:
    folder = EvidenceFolder("03-certification", "3", _("Obtention de la certification"))
    certificates = cohort_certificates(cohort)
    for certificate in certificates:
        if not certificate.pdf:
            continue
        status = "" if certificate.status == CertificateStatus.VALID else f"-{certificate.status}"
        folder.add(
            f"certificat-{safe_name(certificate.number)}{status}.pdf",
            _("Certificat délivré à %(name)s (%(status)s), tel qu'il a été délivré.")
            % {"name": certificate.holder_name, "status": certificate.get_status_display()},
            _stored(certificate.pdf),
        )
    juries = list(Jury.objects.filter(cohort=cohort, closed_at__isnull=False).order_by("held_on"))
    for jury in juries:
        folder.add(
            safe_name(minutes_filename(jury).removesuffix(".pdf"), "proces-verbal") + ".pdf",
            _("Procès-verbal du jury du %(date)s, tel qu'il a été clos.")
            % {"date": french_date(jury.held_on)},
            (lambda jury=jury: minutes_pdf(jury)),
        )
    eligible = sum(1 for e in cohort_eligibility(cohort).values() if e.eligible)
    folder.add(
        "taux-de-certification.csv",
        _(
            "Le taux de certification : certifié·es parmi les participant·es, et les "
            "participant·es éligibles à ce jour."
        ),
        _const(
            parts.certification_csv(
                own.participants, eligible, own.certified, own.certification_rate
            )
        ),
    )
    folder.counts += [
        ngettext(
            "%(count)s certificat délivré", "%(count)s certificats délivrés", len(certificates)
        )
        % {"count": len(certificates)},
        ngettext("%(count)s jury clos", "%(count)s jurys clos", len(juries))
        % {"count": len(juries)},
    ]
    if not certificates:
        folder.missing.append(_("aucun certificat délivré à ce jour"))
    if not juries:
        folder.missing.append(_("aucun jury clos : pas de procès-verbal"))
    return folder


def _needs(cohort: Cohort, enrolments: list[Enrolment], applications: list) -> EvidenceFolder:
    folder = EvidenceFolder(
        "04-08-besoins-positionnement",
        "4, 5, 6, 7, 8",
        _("Analyse du besoin et positionnement à l'entrée"),
    )
    latest: dict[int, StatementVersion] = {}
    for version in (
        StatementVersion.objects.filter(statement__enrolment__in=enrolments)
        .select_related("statement")
        .order_by("statement_id", "number")
    ):
        latest[version.statement.enrolment_id] = version
    for enrolment in enrolments:
        version = latest.get(enrolment.pk)
        if version is None:
            continue
        proves = _("Note d'intention de %(name)s (version %(number)s) : besoins et projet.") % {
            "name": participant_name(enrolment),
            "number": version.number,
        }
        if version.file:
            extension = version.file_kind or version.file.name.rsplit(".", 1)[-1]
            folder.add(
                _person_file("note-intention", enrolment, extension), proves, _stored(version.file)
            )
        else:
            folder.add(
                _person_file("note-intention", enrolment, "md"),
                proves,
                _const(version.body.encode("utf-8")),
            )
    folder.add(
        "candidatures.csv",
        _(
            "Les candidatures reçues : structure, fonction, diplôme, demande de validation "
            "des acquis, motivation, financement, décision (sans CV ni coordonnées)."
        ),
        _const(parts.applications_csv(cohort, applications)),
    )
    folder.counts += [
        ngettext("%(count)s note d'intention", "%(count)s notes d'intention", len(latest))
        % {"count": len(latest)},
        ngettext("%(count)s candidature", "%(count)s candidatures", len(applications))
        % {"count": len(applications)},
    ]
    if len(latest) < len(enrolments):
        folder.missing.append(
            ngettext(
                "%(count)s auditeur·rice sans note d'intention",
                "%(count)s auditeur·rices sans note d'intention",
                len(enrolments) - len(latest),
            )
            % {"count": len(enrolments) - len(latest)}
        )
    return folder


def _convocations(cohort: Cohort, enrolments: list[Enrolment]) -> EvidenceFolder:
    folder = EvidenceFolder("09-convocations", "9", _("Information des publics avant la formation"))
    facts = cohort_facts(cohort) if enrolments else None
    for enrolment in enrolments:
        folder.add(
            _person_file("convocation", enrolment, "pdf"),
            _("Convocation de %(name)s : dates, horaires, lieu, règles, contacts.")
            % {"name": participant_name(enrolment)},
            (lambda e=enrolment: render_convocation(e, facts)),
        )
    folder.counts.append(
        ngettext("%(count)s convocation", "%(count)s convocations", len(enrolments))
        % {"count": len(enrolments)}
    )
    if not enrolments:
        folder.missing.append(_("aucun·e auditeur·rice inscrit·e"))
    return folder


def _tutoring(cohort: Cohort) -> EvidenceFolder:
    folder = EvidenceFolder("10-suivi-tutorat", "10", _("Accompagnement et suivi"))
    records, n_records = parts.tutoring_records_csv(cohort)
    sessions, n_sessions = parts.tutoring_sessions_csv(cohort)
    folder.add(
        "fiches-de-suivi.csv",
        _("Les fiches de suivi du tutorat de chaque auditeur·rice, par journée."),
        _const(records),
    )
    folder.add(
        "seances-de-tutorat.csv",
        _("Le planning des séances de tutorat : tuteur·rice, horaires, participant·es."),
        _const(sessions),
    )
    folder.counts += [
        ngettext("%(count)s fiche de suivi", "%(count)s fiches de suivi", n_records)
        % {"count": n_records},
        ngettext("%(count)s séance de tutorat", "%(count)s séances de tutorat", n_sessions)
        % {"count": n_sessions},
    ]
    if not n_records:
        folder.missing.append(_("aucune fiche de suivi de tutorat"))
    return folder


def _assessment(cohort: Cohort, enrolments: list[Enrolment]) -> EvidenceFolder:
    folder = EvidenceFolder("11-evaluation-des-acquis", "11", _("Évaluation des acquis"))
    grids, n_grids = parts.note_assessments_csv(cohort)
    orals, n_orals = parts.orals_csv(cohort)
    problems, n_problems = parts.problem_versions_csv(cohort, enrolments)
    folder.add(
        "grilles-evaluation-note.csv",
        _("Les grilles d'évaluation de la note personnelle, avec décision et motifs."),
        _const(grids),
    )
    folder.add(
        "presentations-orales.csv",
        _("Les présentations orales : ordre, date, grille, retours envoyés."),
        _const(orals),
    )
    folder.add(
        "versions-problematique.csv",
        _("Le nombre de versions de la problématique de chaque auditeur·rice."),
        _const(problems),
    )
    folder.counts += [
        ngettext("%(count)s grille d'évaluation", "%(count)s grilles d'évaluation", n_grids)
        % {"count": n_grids},
        ngettext("%(count)s présentation orale", "%(count)s présentations orales", n_orals)
        % {"count": n_orals},
        ngettext(
            "%(count)s version de problématique", "%(count)s versions de problématique", n_problems
        )
        % {"count": n_problems},
    ]
    if not n_grids:
        folder.missing.append(_("aucune note évaluée à ce jour"))
    return folder


def _attendance(cohort: Cohort, slots: list[Slot]) -> EvidenceFolder:
    folder = EvidenceFolder(
        "12-assiduite-prevention-abandon", "12", _("Assiduité et prévention des abandons")
    )
    for slot in slots:
        folder.add(
            safe_name(sheet_filename(slot).removesuffix(".pdf"), "emargement") + ".pdf",
            _(
                "Feuille d'émargement du module %(number)s (%(date)s) : signatures, "
                "contresignature, statut de chacun·e."
            )
            % {
                "number": slot.module.number,
                "date": french_date(slot.start.astimezone(ZoneInfo(cohort.timezone)).date()),
            },
            (lambda slot=slot: render_attendance_sheet(slot)),
        )
    notices, n_notices = parts.absence_notices_csv(cohort)
    folder.add(
        "absences-signalees.csv",
        _("Les absences signalées à l'avance par les auditeur·rices, avec leur motif."),
        _const(notices),
    )
    folder.counts += [
        ngettext("%(count)s feuille d'émargement", "%(count)s feuilles d'émargement", len(slots))
        % {"count": len(slots)},
        ngettext("%(count)s absence signalée", "%(count)s absences signalées", n_notices)
        % {"count": n_notices},
    ]
    return folder


def _speakers(cohort: Cohort, slots: list[Slot]) -> EvidenceFolder:
    folder = EvidenceFolder("21-22-intervenants", "21, 22", _("Compétences des intervenant·es"))
    content, n_speakers, n_counter = parts.speakers_csv(cohort, slots)
    folder.add(
        "intervenants-par-demi-journee.csv",
        _("Les intervenant·es de chaque demi-journée et la contresignature des feuilles."),
        _const(content),
    )
    folder.counts += [
        ngettext(
            "%(count)s affectation d'intervenant·e",
            "%(count)s affectations d'intervenant·e",
            n_speakers,
        )
        % {"count": n_speakers},
        ngettext(
            "%(count)s demi-journée contresignée",
            "%(count)s demi-journées contresignées",
            n_counter,
        )
        % {"count": n_counter},
    ]
    if not n_speakers:
        folder.missing.append(_("aucun·e intervenant·e affecté·e aux demi-journées"))
    return folder


def _disability(cohort: Cohort, applications: list) -> EvidenceFolder:
    folder = EvidenceFolder(
        "26-handicap", "26", _("Accueil des personnes en situation de handicap")
    )
    contact = cohort.programme.accessibility_contact or {}
    declared = sum(1 for a in applications if a.accessibility_needs.strip())
    lines = [_("Accessibilité et handicap — %(title)s") % {"title": cohort.title}, ""]
    if contact.get("text"):
        lines.append(contact["text"])
    details = [contact.get(key, "") for key in ("name", "email", "phone") if contact.get(key)]
    lines.append(
        _("Référent·e handicap : %(details)s") % {"details": " — ".join(details)}
        if details
        else _("Référent·e handicap : non renseigné·e")
    )
    lines.append(
        _(
            "Candidatures ayant déclaré un besoin d'aménagement : %(count)s sur %(total)s "
            "(le détail n'est pas reproduit ici)."
        )
        % {"count": declared, "total": len(applications)}
    )
    folder.add(
        "accessibilite.txt",
        _("Le contact handicap, les aménagements annoncés et le nombre de demandes."),
        _const(("\n".join(lines) + "\n").encode("utf-8")),
    )
    folder.counts.append(
        ngettext(
            "%(count)s besoin d'aménagement déclaré",
            "%(count)s besoins d'aménagement déclarés",
            declared,
        )
        % {"count": declared}
    )
    if not details:
        folder.missing.append(_("référent·e handicap non renseigné·e"))
    return folder


def _surveys(cohort: Cohort) -> EvidenceFolder:
    folder = EvidenceFolder("30-appreciations", "30", _("Recueil des appréciations"))
    surveys = list(
        Survey.objects.filter(cohort=cohort)
        .select_related("questionnaire")
        .order_by("opens_at", "pk")
    )
    counts = {
        row["survey"]: row["n"]
        for row in Response.objects.filter(survey__in=surveys)
        .values("survey")
        .annotate(n=Count("pk"))
        .order_by()
    }
    lines = []
    for survey in surveys:
        answers = counts.get(survey.pk, 0)
        base = (
            f"{survey.opens_at.date().isoformat()}-{safe_name(survey.title, 'enquete')}-{survey.pk}"
        )
        if answers >= MIN_ANSWERS_SHOWN:
            folder.add(
                f"{base}.csv",
                _("Résultats de « %(title)s » (%(count)s réponses).")
                % {"title": survey.title, "count": answers},
                (lambda survey=survey: results_csv(survey)),
            )
        else:
            lines.append(
                ngettext(
                    "%(title)s : %(count)s réponse — moins de 5 réponses, résultats non "
                    "communiqués.",
                    "%(title)s : %(count)s réponses — moins de 5 réponses, résultats non "
                    "communiqués.",
                    answers,
                )
                % {"title": survey.title, "count": answers}
            )
    if lines:
        folder.add(
            "enquetes-moins-de-5-reponses.txt",
            _("Les enquêtes qui ont reçu moins de 5 réponses (titre et nombre seulement)."),
            _const(("\n".join(lines) + "\n").encode("utf-8")),
        )
    folder.counts.append(
        ngettext("%(count)s enquête", "%(count)s enquêtes", len(surveys)) % {"count": len(surveys)}
    )
    if not surveys:
        folder.missing.append(_("aucune enquête envoyée"))
    return folder


def _complaints(cohort: Cohort) -> EvidenceFolder:
    folder = EvidenceFolder("31-reclamations", "31", _("Traitement des réclamations"))
    count = Complaint.objects.filter(cohort=cohort).count()
    folder.add(
        "reclamations.csv",
        _("Le registre des réclamations et difficultés : qui, quoi, réponse, clôture."),
        lambda: complaints_csv(cohort),
    )
    folder.counts.append(
        ngettext("%(count)s réclamation", "%(count)s réclamations", count) % {"count": count}
    )
    if not count:
        folder.missing.append(_("aucune réclamation enregistrée"))
    return folder


def _improvement(cohort: Cohort) -> EvidenceFolder:
    folder = EvidenceFolder("32-amelioration", "32", _("Amélioration continue"))
    count = ImprovementAction.objects.filter(origin_cohort=cohort).count()
    folder.add(
        "actions-amelioration.csv",
        _("Les actions d'amélioration décidées : responsable, échéance, statut, effet."),
        lambda: actions_csv(cohort),
    )
    has_bilan = Bilan.objects.filter(cohort=cohort).exists()
    if has_bilan:
        folder.add(
            f"bilan-{safe_name(cohort.slug)}.pdf",
            _(
                "Le bilan de la promotion (module 14) : résultats, satisfaction, retours, "
                "actions décidées."
            ),
            lambda: render_bilan_pdf(cohort),
        )
    folder.counts.append(
        ngettext("%(count)s action d'amélioration", "%(count)s actions d'amélioration", count)
        % {"count": count}
    )
    if not count:
        folder.missing.append(_("aucune action d'amélioration enregistrée"))
    if not has_bilan:
        folder.missing.append(_("bilan de la promotion non encore rédigé"))
    return folder


# --- The whole ----------------------------------------------------------------------


def evidence_plan(cohort: Cohort) -> list[EvidenceFolder]:
    """Every folder with its files (not rendered yet), counts and gaps; a fixed number of
    queries whatever the size of the cohort."""
    enrolments = _enrolments(cohort)
    applications = parts.applications(cohort)
    slots = list(
        Slot.objects.filter(cohort=cohort).select_related("cohort", "module").order_by("start")
    )
    results, own = _results(cohort)
    folders = [
        _public_information(cohort),
        results,
        _certification(cohort, own),
        _needs(cohort, enrolments, applications),
        _convocations(cohort, enrolments),
        _tutoring(cohort),
        _assessment(cohort, enrolments),
        _attendance(cohort, slots),
        _speakers(cohort, slots),
        _disability(cohort, applications),
        _surveys(cohort),
        _complaints(cohort),
        _improvement(cohort),
    ]
    for folder in folders:
        if not folder.files:
            # Every indicator has its folder, even empty: the reader sees why.
            text = "\n".join(gap[:1].upper() + gap[1:] + "." for gap in folder.missing) + "\n"
            folder.add(
                "lisezmoi.txt", _("Pourquoi ce dossier est vide."), _const(text.encode("utf-8"))
            )
    return folders


def summary_text(cohort: Cohort, folders: list[EvidenceFolder], now: datetime) -> str:
    zone = ZoneInfo(cohort.timezone)
    lines = [
        _("Preuves qualité (Qualiopi) — %(title)s") % {"title": cohort.title},
        _("%(programme)s — établi le %(date)s")
        % {"programme": cohort.programme.title, "date": french_date(now.astimezone(zone).date())},
        "",
    ]
    for folder in folders:
        lines.append(
            _("%(folder)s/ — Qualiopi %(indicators)s : %(title)s")
            % {"folder": folder.folder, "indicators": folder.indicators, "title": folder.title}
        )
        for item in folder.files:
            lines.append(f"  - {folder.folder}/{item.name} : {item.proves}")
        for gap in folder.missing:
            lines.append("  ! " + _("Manque : %(gap)s") % {"gap": gap})
        lines.append("")
    return "\n".join(lines)


def zip_filename(cohort: Cohort, now: datetime) -> str:
    return f"preuves-qualite-{safe_name(cohort.slug)}-{now.date().isoformat()}.zip"


@in_site_language
def build_evidence_zip(cohort: Cohort, *, now: datetime) -> bytes:
    """The zip of the cohort's quality evidence, one folder per indicator."""
    folders = evidence_plan(cohort)
    buffer = io.BytesIO()
    stamp = now.astimezone(ZoneInfo(cohort.timezone)).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder in folders:
            for item in folder.files:
                info = zipfile.ZipInfo(f"{folder.folder}/{item.name}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, item.render())
        info = zipfile.ZipInfo("sommaire.txt", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, summary_text(cohort, folders, now).encode("utf-8"))
    return buffer.getvalue()
