"""The live demo cohort `cs26-demo` (DESIGN.md, contracts: `python manage.py seed_demo`).

The CS26 programme re-dated so that a half-day is running whenever someone opens the demo,
with fictional people and organisations of the social and solidarity economy.

Re-dating (`demo_schedule`), in two steps:

1. Every slot moves by the same whole number of WEEKS, so weekdays, times and the rhythm
   of the modules stay as in the programme. The shift puts on today a slot of today's
   weekday whose sign-in window (15 minutes before the start, until the end) contains the
   present time; among several, the one nearest the middle of the programme.
2. When no slot fits (at night, at the weekend, between two half-days), the shift puts the
   ANCHOR's date on the last same weekday before today, and the anchor alone moves to
   today, starting 30 minutes ago and keeping its length. The anchor is the last slot of
   a block of days followed by a long break (module 6's afternoon for CS26): moving it a
   few days later keeps every slot in order, so earlier slots are past and later ones to
   come, whatever the hour. Its module then spans two dates; that is the price of a demo
   usable at any hour.

Running it again re-dates the same slots in place and refreshes people without
duplicating them; statements already seeded keep their versions and are re-dated. The
attendance history of the past half-days is rebuilt for the new dates
(`essor.core.demo_attendance`, which also says which anomaly is planted on purpose).
"""

import io
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction

from essor.accounts.demo import DEMO_PASSWORD
from essor.cohorts.models import (
    Application,
    ApplicationStatus,
    Cohort,
    DiplomaLevel,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    Funding,
    Membership,
    Organisation,
    OrganisationFamily,
    Region,
    Role,
)
from essor.cohorts.services import assign_tutor
from essor.core.demo_attendance import seed_attendance
from essor.core.demo_quality import seed_quality_demo
from essor.core.demo_surveys import seed_survey_demo
from essor.core.demo_workbook import seed_workbooks
from essor.core.errors import DomainError
from essor.coursework.models import StatementOfIntent, StatementStatus, StatementVersion
from essor.coursework.selectors import statement_deadline
from essor.coursework.services import save_statement_draft, submit_statement
from essor.programmes.loader import ModuleSpec, parse_programme_file
from essor.programmes.models import Module, Programme, Slot
from essor.programmes.services import load_programme
from essor.programmes.timeutils import local_datetime

DEMO_SLUG = "cs26-demo"
DEMO_TITLE = "CS26 démo"
PROGRAMME_CODE = "CS26"
PROGRAMME_FILE = Path(__file__).resolve().parent.parent / "programmes" / "data" / "cs26-2025.toml"
TIMEZONE = "Europe/Paris"
EMAIL_DOMAIN = "demo.essor.test"  # .test is reserved: no mail ever leaves for it

# The sign-in window opens before the start (DESIGN.md: « window open »).
WINDOW_OPENS_BEFORE = timedelta(minutes=15)
# When the anchor is moved to now, it started this long ago.
STARTED_AGO = timedelta(minutes=30)
# A block of days ends where the next slot is at least this far away.
BLOCK_BREAK = timedelta(days=10)


# --- Re-dating ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateSlot:
    module: int
    position: int
    day: date
    start: time
    end: time


@dataclass(frozen=True)
class Schedule:
    times: dict[tuple[int, int], tuple[datetime, datetime]]  # (module, position) → instants
    running: tuple[int, int]
    moved: bool  # step 2: the running slot was moved off the programme's rhythm


def template_slots(modules: tuple[ModuleSpec, ...]) -> list[TemplateSlot]:
    """The programme file's slots in time order; positions as the loader numbers them."""
    slots = [
        TemplateSlot(m.number, position, s.date, s.start, s.end)
        for m in modules
        for position, s in enumerate(m.slots, start=1)
    ]
    return sorted(slots, key=lambda t: (t.day, t.start))


def _anchor(slots: list[TemplateSlot], eligible: range) -> int:
    ends = [
        i for i in eligible if i + 1 < len(slots) and slots[i + 1].day - slots[i].day >= BLOCK_BREAK
    ]
    if not ends:
        raise DomainError(
            "demo_no_anchor", "Le programme n'a pas de pause entre deux blocs de journées."
        )
    middle = (len(slots) - 1) / 2
    return min(ends, key=lambda i: (abs(i - middle), i))


def demo_schedule(slots: list[TemplateSlot], now: datetime, tz_name: str) -> Schedule:
    """Where each slot goes so that one is running at `now` (see the module docstring)."""
    zone = ZoneInfo(tz_name)
    today = now.astimezone(zone).date()

    def place(t: TemplateSlot, shift: timedelta) -> tuple[datetime, datetime]:
        day = t.day + shift
        return local_datetime(day, t.start, tz_name), local_datetime(day, t.end, tz_name)

    # Neither the first module (the statement of intent is due before it: it must be
    # past) nor the last (something must be left to come) is the running one.
    first_module, last_module = slots[0].module, slots[-1].module
    eligible = range(
        next(i for i, t in enumerate(slots) if t.module != first_module),
        max(i for i, t in enumerate(slots) if t.module != last_module) + 1,
    )
    anchor = _anchor(slots, eligible)

    fitting = []
    for i in eligible:
        t = slots[i]
        if t.day.weekday() != today.weekday():
            continue
        start, end = place(t, today - t.day)
        if start - WINDOW_OPENS_BEFORE <= now < end:
            fitting.append(i)
    if fitting:
        chosen = min(fitting, key=lambda i: (abs(i - anchor), i))
        shift = today - slots[chosen].day
        times = {(t.module, t.position): place(t, shift) for t in slots}
        return Schedule(times, (slots[chosen].module, slots[chosen].position), moved=False)

    t = slots[anchor]
    days_back = (today.weekday() - t.day.weekday()) % 7 or 7
    shift = (today - timedelta(days=days_back)) - t.day
    times = {(s.module, s.position): place(s, shift) for s in slots}
    length = datetime.combine(t.day, t.end) - datetime.combine(t.day, t.start)
    # In UTC: wall-clock arithmetic would land in the missing hour on the night clocks
    # go forward.
    utc_now = now.astimezone(UTC).replace(second=0, microsecond=0)
    start = utc_now - timedelta(minutes=utc_now.minute % 5) - STARTED_AGO
    times[(t.module, t.position)] = (start, start + length)
    return Schedule(times, (t.module, t.position), moved=True)


# --- People and organisations (all fictional) ----------------------------------------------


@dataclass(frozen=True)
class Account:
    username: str
    first_name: str
    last_name: str
    role: str


STAFF = [
    Account("coordination", "Claire", "Delorme", Role.COORDINATOR),
    Account("intervenant1", "Bernard", "Lemaire", Role.SPEAKER),
    Account("intervenant2", "Fatou", "Ndiaye", Role.SPEAKER),
    Account("intervenant3", "Pierre-Yves", "Caron", Role.SPEAKER),
    Account("tuteur1", "Isabelle", "Marchand", Role.TUTOR),
    Account("tuteur2", "Olivier", "Besson", Role.TUTOR),
    Account("partenaire", "Martine", "Rolland", Role.PARTNER),
]

F, R = OrganisationFamily, Region
# key → name, family, region, employees, volunteers, federation or network
ORGANISATIONS = {
    "jardins": ("Les Jardins du Faubourg", F.ASSOCIATION, R.IDF, 14, 120, ""),
    "terres": ("Terres Communes SCIC", F.COOPERATIVE, R.ARA, 32, 15, ""),
    "estuaire": ("Mutuelle solidaire de l'Estuaire", F.MUTUAL, R.PDL, 85, 40, ""),
    "horizons": ("Fondation Horizons partagés", F.FOUNDATION, R.OCC, 12, 30, ""),
    "reemploi": ("Atelier Réemploi 21", F.ESS_COMPANY, R.BFC, 24, 0, ""),
    "vallees": ("Fédération Vallées solidaires", F.FEDERATION, R.HDF, 9, 60, ""),
    "cap": ("Cap Entraide 35", F.ASSOCIATION, R.BRE, 6, 80, "Fédération Vallées solidaires"),
    "artisans": ("Les Artisans du Lac, coopérative d'activités", F.COOPERATIVE, R.NAQ, 18, 0, ""),
    "kaz": ("Kaz Solidarité", F.ASSOCIATION, R.LRE, 11, 55, ""),
    "rebonds": ("Rebonds, entreprise d'insertion", F.ESS_COMPANY, R.GES, 46, 5, ""),
    "epiceries": ("Épiceries en partage", F.FEDERATION, R.OCC, 7, 150, ""),
}

# The statement-of-intent story each participant tells in the demo.
ON_TIME, LATE, DRAFT, MISSING = "on_time", "late", "draft", "missing"


@dataclass(frozen=True)
class Participant:
    username: str
    first_name: str
    last_name: str
    organisation: str
    position: str
    tutor: str
    statement: str
    theme: str


PARTICIPANTS = [
    Participant(
        "auditeur01",
        "Camille",
        "Morel",
        "jardins",
        "Directrice",
        "tuteur1",
        ON_TIME,
        "associer les bénévoles aux décisions sans ralentir l'action",
    ),
    Participant(
        "auditeur02",
        "Julien",
        "Lefèvre",
        "terres",
        "Directeur général",
        "tuteur1",
        ON_TIME,
        "faire vivre le multisociétariat d'une SCIC agricole",
    ),
    Participant(
        "auditeur03",
        "Sophie",
        "Garnier",
        "estuaire",
        "Secrétaire générale",
        "tuteur1",
        ON_TIME,
        "garder l'esprit mutualiste dans une mutuelle qui grandit",
    ),
    Participant(
        "auditeur04",
        "Karim",
        "Benali",
        "horizons",
        "Délégué général",
        "tuteur1",
        ON_TIME,
        "mesurer l'utilité sociale des projets soutenus",
    ),
    Participant(
        "auditeur05",
        "Élodie",
        "Fontaine",
        "reemploi",
        "Présidente",
        "tuteur1",
        ON_TIME,
        "financer la croissance d'une entreprise agréée ESUS",
    ),
    Participant(
        "auditeur06",
        "Thomas",
        "Girard",
        "vallees",
        "Coordinateur de réseau",
        "tuteur1",
        ON_TIME,
        "animer un réseau d'associations aux moyens inégaux",
    ),
    Participant(
        "auditeur07",
        "Nadia",
        "Haddad",
        "cap",
        "Directrice",
        "tuteur2",
        LATE,
        "transmettre la direction d'une association fondée il y a trente ans",
    ),
    Participant(
        "auditeur08",
        "Mathieu",
        "Roux",
        "artisans",
        "Gérant",
        "tuteur2",
        DRAFT,
        "donner aux entrepreneurs-salariés une place dans la gouvernance",
    ),
    Participant(
        "auditeur09",
        "Léa",
        "Chevalier",
        "kaz",
        "Responsable administrative et financière",
        "tuteur2",
        DRAFT,
        "sortir de la dépendance aux appels à projets",
    ),
    Participant(
        "auditeur10",
        "Antoine",
        "Mercier",
        "rebonds",
        "Directeur adjoint",
        "tuteur2",
        MISSING,
        "accompagner les parcours d'insertion vers l'emploi durable",
    ),
    Participant(
        "auditeur11",
        "Aïssata",
        "Diallo",
        "epiceries",
        "Chargée de développement",
        "tuteur2",
        MISSING,
        "mutualiser les achats entre épiceries solidaires",
    ),
    Participant(
        "auditeur12",
        "Hélène",
        "Perrin",
        "jardins",
        "Responsable des ressources humaines",
        "tuteur2",
        ON_TIME,
        "reconnaître l'engagement des bénévoles",
    ),
]

# Candidacies to review: (first, last, organisation, family, region, position, diploma,
# funding, status, accessibility needs)
APPLICATIONS = [
    (
        "Romain",
        "Lambert",
        "La Ressourcerie des Coteaux",
        F.ASSOCIATION,
        R.NAQ,
        "Directeur",
        DiplomaLevel.LEVEL_7,
        Funding.OPCO,
        ApplicationStatus.SUBMITTED,
        "",
    ),
    (
        "Inès",
        "Barbier",
        "Coop'Habitat Loire",
        F.COOPERATIVE,
        R.CVL,
        "Cogérante",
        DiplomaLevel.LEVEL_6,
        Funding.EMPLOYER,
        ApplicationStatus.SUBMITTED,
        "",
    ),
    (
        "Grégoire",
        "Vidal",
        "Mutuelle des Vallons",
        F.MUTUAL,
        R.PAC,
        "Directeur administratif",
        DiplomaLevel.LEVEL_7,
        Funding.PERSONAL,
        ApplicationStatus.SUBMITTED,
        "Déplacements en fauteuil roulant : salle accessible de plain-pied.",
    ),
    (
        "Laure",
        "Petit",
        "Solidarités Nord-Est",
        F.FEDERATION,
        R.GES,
        "Déléguée régionale",
        DiplomaLevel.LEVEL_7,
        Funding.OPCO,
        ApplicationStatus.WAITLISTED,
        "",
    ),
]

PRACTICAL_INFO = (
    "Accueil à partir de 15 minutes avant chaque demi-journée. L'émargement se fait sur "
    "place, avec le code affiché par l'intervenant·e. Prévenez la coordination de toute "
    "absence : la présence à chaque module est une condition du certificat."
)


# --- Seeding -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedResult:
    cohort: Cohort
    created: bool
    accounts: list[Account]
    running: Slot
    moved: bool


def email_of(username: str) -> str:
    return f"{username}@{EMAIL_DOMAIN}"


def small_pdf(title: str) -> bytes:
    """A valid one-page PDF (a CV stand-in), made in code so no file ships with Essor."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4 in points
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _programme() -> tuple[Programme, list[TemplateSlot]]:
    document = parse_programme_file(PROGRAMME_FILE)
    programme = Programme.objects.filter(code=PROGRAMME_CODE).first()
    if programme is None:
        programme = load_programme(
            document=document, source_sha256=document.source_sha256
        ).programme
    return programme, template_slots(document.modules)


def _cohort(programme: Programme) -> tuple[Cohort, bool]:
    values = {
        "title": DEMO_TITLE,
        "timezone": TIMEZONE,
        "place": "Cnam, Paris (lieu de démonstration)",
        "practical_info": PRACTICAL_INFO,
        "contact_email": email_of("coordination"),
        "capacity": 16,
    }
    cohort = Cohort.objects.select_for_update().filter(slug=DEMO_SLUG).first()
    if cohort is None:
        return Cohort.objects.create(programme=programme, slug=DEMO_SLUG, **values), True
    if cohort.programme_id != programme.pk:
        raise DomainError(
            "demo_slug_taken",
            f"La promotion {DEMO_SLUG} existe déjà pour un autre programme : rien n'a été fait.",
        )
    for name, value in values.items():
        setattr(cohort, name, value)
    cohort.save(update_fields=list(values))
    return cohort, False


def _redate(cohort: Cohort, programme: Programme, slots: list[TemplateSlot], now) -> Schedule:
    schedule = demo_schedule(slots, now, cohort.timezone)
    modules = {m.number: m for m in Module.objects.filter(programme=programme)}
    existing = {(s.module.number, s.position): s for s in cohort.slots.select_related("module")}
    for (number, position), (start, end) in schedule.times.items():
        slot = existing.pop((number, position), None)
        if slot is None:
            Slot.objects.create(
                cohort=cohort, module=modules[number], position=position, start=start, end=end
            )
        elif (slot.start, slot.end) != (start, end):
            slot.start, slot.end = start, end
            slot.save(update_fields=["start", "end"])
    Slot.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    return schedule


def _user(account: Account | Participant, password_hash: str):
    User = get_user_model()
    user = User.objects.filter(username=account.username).first() or User(username=account.username)
    user.first_name, user.last_name = account.first_name, account.last_name
    user.email = email_of(account.username)
    user.password = password_hash
    user.is_active = True
    user.save()
    return user


def _organisations() -> dict[str, Organisation]:
    result = {}
    for key, (name, family, region, employees, volunteers, federation) in ORGANISATIONS.items():
        organisation, _created = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "family": family,
                "region": region,
                "employees": employees,
                "volunteers": volunteers,
                "federation": federation,
            },
        )
        result[key] = organisation
    return result


def _statement_text(p: Participant, organisation: Organisation) -> str:
    return (
        f"# Note d'intention — {p.first_name} {p.last_name}\n\n"
        f"Je suis {p.position.lower()} de {organisation.name} "
        f"({organisation.get_family_display()}, {organisation.get_region_display()}).\n\n"
        f"## Ce que je souhaite travailler\n\n"
        f"Comment {p.theme} ? La question se pose chaque semaine dans notre structure, "
        "entre les attentes des membres, les contraintes économiques et le projet politique "
        "qui nous rassemble.\n\n"
        "## Pourquoi maintenant\n\n"
        "Notre organisation change d'échelle et nos façons de décider n'ont pas suivi. "
        "J'attends de la formation des outils d'analyse de notre gouvernance et de notre "
        "modèle économique, et l'occasion d'en débattre avec d'autres dirigeant·es.\n"
    )


def _statement(p: Participant, enrolment: Enrolment, user, organisation, *, deadline, now):
    """Write the participant's statement as they would (through the services), the first
    time; then date its submission in the scenario's past, relative to the re-dated
    module 1, so that its state (on time, late) stays true after each re-dating."""
    if p.statement == MISSING or deadline is None:
        return
    statement = StatementOfIntent.objects.filter(enrolment=enrolment).first()
    if statement is None:
        save_statement_draft(
            enrolment=enrolment, body=_statement_text(p, organisation), by=user, explicit=True
        )
        if p.statement in (ON_TIME, LATE):
            submit_statement(enrolment=enrolment, by=user)
        statement = StatementOfIntent.objects.get(enrolment=enrolment)
    if statement.status != StatementStatus.SUBMITTED or p.statement not in (ON_TIME, LATE):
        return
    if p.statement == ON_TIME:
        # A few days apart, like real submissions.
        when = deadline - timedelta(days=2 + int(p.username[-2:]) % 9, hours=3)
    else:
        # After module 1 started, but never in the future.
        when = min(deadline + timedelta(days=2), deadline + (now - deadline) / 2)
    if statement.submitted_at != when:
        moved_by = when - (statement.submitted_at or when)
        StatementOfIntent.objects.filter(pk=statement.pk).update(submitted_at=when)
        # The history moves with it, so that versions never postdate the submission.
        for version in StatementVersion.objects.filter(statement=statement):
            StatementVersion.objects.filter(pk=version.pk).update(
                created_at=min(version.created_at + moved_by, when)
            )


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _applications(cohort: Cohort, coordinator, now) -> None:
    for first, last, org, family, region, position, level, funding, status, needs in APPLICATIONS:
        email = f"{_ascii(first)}.{_ascii(last)}@{EMAIL_DOMAIN}"
        if Application.objects.filter(cohort=cohort, email=email).exists():
            continue
        application = Application(
            cohort=cohort,
            first_name=first,
            last_name=last,
            email=email,
            organisation_name=org,
            organisation_family=family,
            region=region,
            position=position,
            diploma_level=level,
            diploma_title="Master Économie sociale et solidaire"
            if level >= DiplomaLevel.LEVEL_7
            else "Licence professionnelle",
            vapp_request=""
            if level >= DiplomaLevel.LEVEL_7
            else "Dix ans de direction d'une coopérative d'habitants ; je demande une "
            "validation des acquis professionnels et personnels.",
            motivation=f"Je dirige {org} depuis plusieurs années et souhaite prendre du recul "
            "sur notre gouvernance et notre modèle économique.",
            funding=funding,
            accessibility_needs=needs,
            status=status,
        )
        if status == ApplicationStatus.WAITLISTED:
            application.decision_message = (
                "Votre candidature est sur liste d'attente : nous vous écrirons dès qu'une "
                "place se libère."
            )
            application.decided_by = coordinator
            application.decided_at = now
        application.cv.save(
            f"demo-{first}-{last}.pdf".lower(),
            ContentFile(small_pdf(f"CV {first} {last}")),
            save=False,
        )
        application.save()


@transaction.atomic
def seed_demo(*, now: datetime) -> SeedResult:
    programme, template = _programme()
    cohort, created = _cohort(programme)
    schedule = _redate(cohort, programme, template, now)
    deadline = statement_deadline(cohort)

    # One hash for every account: hashing is slow by design and the password is shared.
    password_hash = make_password(DEMO_PASSWORD)
    users = {a.username: _user(a, password_hash) for a in [*STAFF, *PARTICIPANTS]}
    for account in STAFF:
        Membership.objects.get_or_create(
            cohort=cohort, user=users[account.username], role=account.role
        )
    coordinator = users["coordination"]
    organisations = _organisations()
    enrolments = {}
    for p in PARTICIPANTS:
        user = users[p.username]
        Membership.objects.get_or_create(cohort=cohort, user=user, role=Role.PARTICIPANT)
        enrolment, new = Enrolment.objects.get_or_create(
            cohort=cohort,
            user=user,
            defaults={"status": EnrolmentStatus.ENROLLED},
        )
        if new:
            EnrolmentEvent.objects.create(
                enrolment=enrolment,
                to_status=EnrolmentStatus.ENROLLED,
                by=coordinator,
                reason="Données de démonstration.",
            )
        enrolment.organisation = organisations[p.organisation]
        enrolment.position = p.position
        enrolment.save(update_fields=["organisation", "position"])
        enrolment = assign_tutor(enrolment=enrolment, tutor=users[p.tutor], by=coordinator)
        _statement(p, enrolment, user, organisations[p.organisation], deadline=deadline, now=now)
        enrolments[p.username] = enrolment
    _applications(cohort, coordinator, now)
    seed_workbooks(enrolments=enrolments, now=now)
    seed_attendance(
        cohort=cohort,
        users=users,
        enrolments=enrolments,
        now=now,
        pdf=small_pdf("Justificatif d'absence (démonstration)"),
    )
    seed_survey_demo(cohort, now)
    seed_quality_demo(cohort, now)

    number, position = schedule.running
    running = Slot.objects.select_related("module").get(
        cohort=cohort, module__number=number, position=position
    )
    return SeedResult(
        cohort=cohort,
        created=created,
        accounts=[*STAFF, *PARTICIPANTS],
        running=running,
        moved=schedule.moved,
    )
