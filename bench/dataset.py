"""The Cnam-scale dataset: reproducible from a seed, in the bench database only.

At scale 1: 30 programmes (copies of CS26: 14 modules, 26 half-days), 10 cohorts each of
30 participants (9 000 participants, 7 800 slots), attendance for every past slot, some
signatures and countersignatures, statements of intent, notes and their assessments,
tutoring records, juries and certificates for finished cohorts. Plus three "live"
cohorts of programme BENCH01 with 10, 30 and 300 participants, running now (half their
slots past): the cohort pages are measured on them, and the 300 one hosts the sign-in
burst.

Must run with DJANGO_SETTINGS_MODULE=bench.settings and BENCH_SCALE=<scale> (the
database follows the scale). A marker file bench/var/bench-<scale>.json holds the
parameters and the facts the benchmark needs; the database is reused when they match.

    BENCH_SCALE=1 DJANGO_SETTINGS_MODULE=bench.settings python bench/dataset.py
"""

import datetime as dt
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 26
COHORTS_PER_PROGRAMME = 10
PARTICIPANTS = 30
PROGRAMMES = 30
LIVE_SIZES = (10, 30, 300)
# Bump when the generator changes, so that stale bench databases are rebuilt.
GENERATOR_VERSION = 4
BATCH = 2000
PASSWORD = "bench-password-not-secret"
ZONE = ZoneInfo("Europe/Paris")
CS26_FILE = ROOT / "essor" / "programmes" / "data" / "cs26-2025.toml"
# A tiny valid PDF shared by every stored note and certificate: files are not measured.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def log(message: str) -> None:
    print(f"[dataset] {message}", file=sys.stderr, flush=True)


def marker_path(scale: int) -> Path:
    """bench/var/bench-<scale>.json (SQLite) or bench-pg-<scale>.json (PostgreSQL)."""
    from django.conf import settings

    engine = "" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "pg-"
    return Path(settings.BENCH_VAR) / f"bench-{engine}{scale}.json"


# --- the database: create, drop, reuse ----------------------------------------------------


def _server_admin_connection():
    """A connection to the PostgreSQL server's maintenance database (autocommit)."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        autocommit=True,
    )


def _database_exists() -> bool:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return Path(db["NAME"]).exists()
    with _server_admin_connection() as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
    return row is not None


def _recreate_database() -> None:
    """Drop and create the bench database. Refuses any name that is not a bench one."""
    from django.conf import settings
    from django.db import connection

    db = settings.DATABASES["default"]
    connection.close()
    if db["ENGINE"].endswith("sqlite3"):
        path = Path(db["NAME"])
        if not path.name.startswith("bench-"):
            raise SystemExit(f"refusing to delete {path}: not a bench database")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = db["NAME"]
    if not name.startswith("bench_"):
        raise SystemExit(f"refusing to drop database {name!r}: not a bench database")
    with _server_admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_label() -> str:
    from django.conf import settings
    from django.db import connection

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {connection.Database.sqlite_version} ({Path(db['NAME']).name})"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version} ({db['NAME']})"


# --- generation ---------------------------------------------------------------------------


def _bulk(model, objects: list, label: str, counts: dict) -> list:
    """bulk_create in batches; the objects get their primary keys (SQLite ≥ 3.35, PG)."""
    model.objects.bulk_create(objects, batch_size=BATCH)
    counts[label] = counts.get(label, 0) + len(objects)
    return objects


def _template():
    """CS26's modules and the 26 dated half-days of its 2025 edition, parsed once."""
    from essor.programmes.loader import parse_programme_file

    document = parse_programme_file(CS26_FILE)
    slots = []
    for module in document.modules:
        for position, spec in enumerate(module.slots, start=1):
            slots.append((module.number, position, spec.date, spec.start, spec.end))
    slots.sort(key=lambda s: (s[2], s[3]))
    return document, slots


def _plan_cohorts(scale: int, template_slots, today: dt.date, rng: random.Random):
    """(programme index, slug, size, week shift, kind) for every cohort.

    Regular cohorts start between January 2024 and mid-2026, so most are finished or
    running and a few are in the future; live cohorts have half their slots past.
    """
    first = template_slots[0][2]
    per_programme = COHORTS_PER_PROGRAMME * scale
    earliest = dt.date(2024, 1, 8)
    latest = dt.date(2026, 9, 7)
    span_weeks = (latest - earliest).days // 7
    plan = []
    for p in range(PROGRAMMES):
        for c in range(per_programme):
            start = earliest + dt.timedelta(weeks=(span_weeks * c) // max(per_programme - 1, 1))
            start += dt.timedelta(weeks=rng.randrange(0, 4))
            shift = (start - first).days // 7
            plan.append((p, f"bench{p + 1:02d}-{c + 1:03d}", PARTICIPANTS, shift, "regular"))
    # Live cohorts: the 14th slot (index 13) after today, the 13th before.
    middle = template_slots[13][2]
    shift = -((middle - today).days // 7)
    while middle + dt.timedelta(weeks=shift) <= today:
        shift += 1
    for size in LIVE_SIZES:
        plan.append((0, f"bench01-live-{size}", size, shift, "live"))
    return plan


def _models() -> SimpleNamespace:
    """The models and choices the generator writes, imported once Django is set up."""
    from essor.accounts.models import User
    from essor.attendance import models as attendance
    from essor.certification import models as certification
    from essor.cohorts import models as cohorts
    from essor.coursework import models as coursework
    from essor.programmes import models as programmes

    names = {
        attendance: "AttendanceRecord AttendanceStatus Countersignature Signature "
        "SignatureMethod SignInPolicy SlotSpeaker",
        certification: "Certificate Decision Jury JuryDecision",
        cohorts: "Cohort Enrolment EnrolmentStatus Membership Organisation "
        "OrganisationFamily Region Role",
        coursework: "NoteAssessment NoteDecision NoteSettings NoteVersion StatementOfIntent "
        "StatementStatus TutoringRecord",
        programmes: "Module ModuleKind Programme Slot",
    }
    found = {"User": User}
    for module, listed in names.items():
        found.update({name: getattr(module, name) for name in listed.split()})
    return SimpleNamespace(**found)


def generate(scale: int, seed: int) -> dict:
    """Fill the (freshly migrated) bench database; returns the facts the benchmark needs."""
    from django.contrib.auth.hashers import make_password
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils import timezone

    from essor.core.storage import private_storage

    m = _models()
    rng = random.Random(seed)  # noqa: S311 — reproducible data, not secrets
    counts: dict[str, int] = {}
    started = time.perf_counter()
    now = timezone.now()
    today = now.astimezone(ZONE).date()
    document, template_slots = _template()
    password = make_password(PASSWORD)  # one hash, shared by every bench account

    # Shared stored files (the size of files is not what is measured).
    pdf_name = "bench/shared.pdf"
    if not private_storage.exists(pdf_name):
        private_storage.save(pdf_name, ContentFile(TINY_PDF))
    pdf_sha = hashlib.sha256(TINY_PDF).hexdigest()

    with transaction.atomic():
        # Programmes and modules: CS26 copied 30 times.
        fields = document.programme.model_fields()
        programmes = _bulk(
            m.Programme,
            [
                m.Programme(
                    **{
                        **fields,
                        "code": f"BENCH{p + 1:02d}",
                        "title": f"{fields['title']} ({p + 1})",
                    }
                )
                for p in range(PROGRAMMES)
            ],
            "programmes",
            counts,
        )
        modules = {}  # (programme index, module number) -> Module
        module_objects = []
        for p, programme in enumerate(programmes):
            for spec in document.modules:
                module = m.Module(
                    programme=programme,
                    number=spec.number,
                    title=spec.title,
                    kind=spec.kind,
                    format=spec.format,
                    description=spec.description,
                    speakers=list(spec.speakers),
                )
                modules[(p, spec.number)] = module
                module_objects.append(module)
        _bulk(m.Module, module_objects, "modules", counts)
        tutoring_numbers = {s.number for s in document.modules if s.kind == m.ModuleKind.TUTORING}

        organisations = _bulk(
            m.Organisation,
            [
                m.Organisation(
                    name=f"Structure {i + 1:05d}",
                    family=rng.choice(m.OrganisationFamily.values),
                    region=rng.choice(m.Region.values),
                    employees=rng.randrange(1, 500),
                )
                for i in range(3000 * scale)
            ],
            "organisations",
            counts,
        )
        log(f"programmes, modules, organisations: {time.perf_counter() - started:.1f} s")

        plan = _plan_cohorts(scale, template_slots, today, rng)
        info = {"live": {}, "verification_code": None, "programme": "BENCH01"}
        for chunk_start in range(0, len(plan), 50):
            chunk = plan[chunk_start : chunk_start + 50]
            _generate_cohorts(
                chunk,
                programmes=programmes,
                modules=modules,
                organisations=organisations,
                template_slots=template_slots,
                tutoring_numbers=tutoring_numbers,
                password=password,
                now=now,
                rng=rng,
                counts=counts,
                info=info,
                pdf=(pdf_name, pdf_sha),
                m=m,
            )
            done = chunk_start + len(chunk)
            if done % 500 == 0:
                log(f"{done}/{len(plan)} cohorts: {time.perf_counter() - started:.1f} s")
        log(f"{len(plan)} cohorts: {time.perf_counter() - started:.1f} s")
    info["counts"] = counts
    info["generation_seconds"] = round(time.perf_counter() - started, 1)
    return info


def _generate_cohorts(
    chunk,
    *,
    programmes,
    modules,
    organisations,
    template_slots,
    tutoring_numbers,
    password,
    now,
    rng,
    counts,
    info,
    pdf,
    m,
):
    """Everything that belongs to a group of cohorts, table by table (bulk inserts)."""
    User, Cohort, Membership, Enrolment = m.User, m.Cohort, m.Membership, m.Enrolment
    Role, EnrolmentStatus, Slot = m.Role, m.EnrolmentStatus, m.Slot
    pdf_name, pdf_sha = pdf

    cohorts = []
    for p, slug, _size, _shift, _kind in chunk:
        cohorts.append(
            Cohort(
                programme=programmes[p],
                slug=slug,
                title=f"{programmes[p].code} — {slug}",
                place="Cnam, Paris",
                capacity=max(30, _size),
                applications_open=False,
                contact_email=f"coordination+{slug}@bench.example",
            )
        )
    _bulk(Cohort, cohorts, "cohorts", counts)

    # People: per cohort a coordinator, 2 tutors, 2 speakers, then the participants.
    users, staff, people = [], {}, {}
    for _cohort, (_p, slug, size, _shift, _kind) in zip(cohorts, chunk, strict=True):

        def person(name, first, last, slug=slug):
            return User(
                username=f"{slug}-{name}",
                email=f"{slug}-{name}@bench.example",
                first_name=first,
                last_name=last,
                password=password,
            )

        staff[slug] = {
            "coordinator": person("coord", "Camille", "Coordination"),
            "tutors": [person(f"tutor{i}", "Tutrice", f"N°{i}") for i in (1, 2)],
            "speakers": [person(f"speaker{i}", "Intervenant", f"N°{i}") for i in (1, 2)],
        }
        people[slug] = [
            person(f"p{n:03d}", f"Prénom{n:03d}", f"Nom{rng.randrange(10**6):06d}")
            for n in range(1, size + 1)
        ]
        s = staff[slug]
        users += [s["coordinator"], *s["tutors"], *s["speakers"], *people[slug]]
    _bulk(User, users, "users", counts)

    memberships, enrolments = [], []
    for cohort, (_p, slug, _size, _shift, _kind) in zip(cohorts, chunk, strict=True):
        s = staff[slug]
        memberships.append(Membership(cohort=cohort, user=s["coordinator"], role=Role.COORDINATOR))
        memberships += [Membership(cohort=cohort, user=u, role=Role.TUTOR) for u in s["tutors"]]
        memberships += [Membership(cohort=cohort, user=u, role=Role.SPEAKER) for u in s["speakers"]]
        for n, user in enumerate(people[slug]):
            memberships.append(Membership(cohort=cohort, user=user, role=Role.PARTICIPANT))
            enrolments.append(
                Enrolment(
                    cohort=cohort,
                    user=user,
                    organisation=rng.choice(organisations),
                    position="Direction",
                    status=EnrolmentStatus.ENROLLED,
                    tutor=s["tutors"][n % 2],
                )
            )
    _bulk(Membership, memberships, "memberships", counts)
    _bulk(Enrolment, enrolments, "enrolments", counts)
    by_cohort = {}
    for enrolment in enrolments:
        by_cohort.setdefault(enrolment.cohort_id, []).append(enrolment)

    # Slots (26 per cohort, CS26's dates shifted by whole weeks) and their speakers.
    slots, slot_cohort = [], {}
    for cohort, (p, _slug, _size, shift, _kind) in zip(cohorts, chunk, strict=True):
        delta = dt.timedelta(weeks=shift)
        for number, position, day, start, end in template_slots:
            day = day + delta
            slot = Slot(
                cohort=cohort,
                module=modules[(p, number)],
                position=position,
                start=dt.datetime.combine(day, start, tzinfo=ZONE),
                end=dt.datetime.combine(day, end, tzinfo=ZONE),
            )
            slots.append(slot)
            slot_cohort.setdefault(cohort.pk, []).append(slot)
    _bulk(Slot, slots, "slots", counts)
    slot_speakers, countersignatures = [], []
    for cohort, (_p, slug, _size, _shift, _kind) in zip(cohorts, chunk, strict=True):
        for i, slot in enumerate(slot_cohort[cohort.pk]):
            speaker = staff[slug]["speakers"][i % 2]
            slot_speakers.append(m.SlotSpeaker(slot=slot, speaker=speaker))
            if slot.end < now:
                countersignatures.append(
                    m.Countersignature(slot=slot, signed_by=speaker, signed_at=slot.end)
                )
    _bulk(m.SlotSpeaker, slot_speakers, "slot speakers", counts)
    _bulk(m.Countersignature, countersignatures, "countersignatures", counts)

    # Attendance of record for every past slot, and a signature for half the presences.
    status = m.AttendanceStatus
    records, signatures = [], []
    absent_of = {}  # enrolment id -> missed at least one half-day
    for cohort, (_p, slug, _size, _shift, _kind) in zip(cohorts, chunk, strict=True):
        coordinator = staff[slug]["coordinator"]
        for slot in slot_cohort[cohort.pk]:
            if slot.end >= now:
                continue
            for enrolment in by_cohort[cohort.pk]:
                draw = rng.random()
                if draw < 0.95:
                    value, late = status.PRESENT, 0
                elif draw < 0.98:
                    value, late = status.LATE, rng.choice((5, 10, 20))
                elif draw < 0.995:
                    value, late = status.EXCUSED, 0
                else:
                    value, late = status.ABSENT, 0
                if value in (status.EXCUSED, status.ABSENT):
                    absent_of[enrolment.pk] = True
                records.append(
                    m.AttendanceRecord(
                        slot=slot,
                        enrolment=enrolment,
                        status=value,
                        minutes_late=late,
                        updated_at=slot.end,
                        updated_by=coordinator,
                    )
                )
                if value in (status.PRESENT, status.LATE) and rng.random() < 0.5:
                    signatures.append(
                        m.Signature(
                            slot=slot,
                            enrolment=enrolment,
                            signed_at=slot.start + dt.timedelta(minutes=late),
                            method=m.SignatureMethod.CONFIRMATION,
                        )
                    )
    _bulk(m.AttendanceRecord, records, "attendance records", counts)
    _bulk(m.Signature, signatures, "signatures", counts)
    del records, signatures

    # Coursework: statements, tutoring records, final notes and their assessment.
    statements, tutoring, notes, note_settings = [], [], [], []
    finished = set()
    for cohort in cohorts:
        cohort_slots = slot_cohort[cohort.pk]
        first, last = cohort_slots[0], cohort_slots[-1]
        note_settings.append(
            m.NoteSettings(cohort=cohort, final_deadline=last.start - dt.timedelta(days=7))
        )
        if last.end + dt.timedelta(days=30) < now:
            finished.add(cohort.pk)
        past_tutoring = {
            s.module.number: s.module
            for s in cohort_slots
            if s.end < now and s.module.number in tutoring_numbers
        }
        for enrolment in by_cohort[cohort.pk]:
            statements.append(
                m.StatementOfIntent(
                    enrolment=enrolment,
                    body="Ma structure et la transformation que je veux y conduire.",
                    status=m.StatementStatus.SUBMITTED,
                    submitted_at=first.start - dt.timedelta(days=14),
                )
            )
            for module in past_tutoring.values():
                tutoring.append(
                    m.TutoringRecord(
                        enrolment=enrolment,
                        module=module,
                        problem_statement_defined=True,
                        outline_done=True,
                        draft_percent=rng.choice((20, 50, 80, 100)),
                        author_id=enrolment.tutor_id,
                    )
                )
            if cohort.pk in finished:
                notes.append(
                    m.NoteVersion(
                        enrolment=enrolment,
                        number=1,
                        file=pdf_name,
                        file_name="note.pdf",
                        file_kind="pdf",
                        file_size=len(TINY_PDF),
                        pages=20,
                        is_final=True,
                        uploaded_by_id=enrolment.user_id,
                        uploaded_at=last.start - dt.timedelta(days=10),
                    )
                )
    _bulk(m.NoteSettings, note_settings, "note settings", counts)
    _bulk(m.StatementOfIntent, statements, "statements of intent", counts)
    _bulk(m.TutoringRecord, tutoring, "tutoring records", counts)
    _bulk(m.NoteVersion, notes, "note versions", counts)
    grid = {
        "problem_statement": 3,
        "diagnostic": 3,
        "method": 3,
        "writing": 3,
        "recommendations": 3,
    }
    assessments = [
        m.NoteAssessment(
            enrolment_id=note.enrolment_id,
            version=note,
            assessor_id=note.enrolment.tutor_id,
            grid=grid,
            decision=m.NoteDecision.ACCEPTED,
            reasons="Note recevable.",
            created_at=note.uploaded_at + dt.timedelta(days=5),
        )
        for note in notes
    ]
    _bulk(m.NoteAssessment, assessments, "note assessments", counts)

    # Juries, decisions and certificates for finished cohorts (no unexcused absence).
    juries, jury_cohort = [], {}
    for cohort, (_p, slug, _size, _shift, _kind) in zip(cohorts, chunk, strict=True):
        if cohort.pk not in finished:
            continue
        last = slot_cohort[cohort.pk][-1]
        jury = m.Jury(
            cohort=cohort,
            held_on=last.start.date() + dt.timedelta(days=21),
            president="Présidence du jury",
            signatory="Direction du Cnam",
            opened_by=staff[slug]["coordinator"],
            opened_at=last.end,
            closed_at=last.end + dt.timedelta(days=21),
        )
        juries.append(jury)
        jury_cohort[cohort.pk] = jury
    _bulk(m.Jury, juries, "juries", counts)
    decisions = []
    for cohort_id, jury in jury_cohort.items():
        for enrolment in by_cohort[cohort_id]:
            if absent_of.get(enrolment.pk):
                continue
            decisions.append(
                m.JuryDecision(
                    jury=jury,
                    enrolment=enrolment,
                    decision=m.Decision.AWARDED,
                    eligibility={"eligible": True, "reasons": []},
                    decided_by=jury.opened_by,
                    decided_at=jury.closed_at,
                )
            )
    _bulk(m.JuryDecision, decisions, "jury decisions", counts)
    certificates = []
    for decision in decisions:
        enrolment = decision.enrolment
        cohort_slots = slot_cohort[enrolment.cohort_id]
        code = f"{rng.getrandbits(128):032x}"
        certificates.append(
            m.Certificate(
                enrolment=enrolment,
                decision=decision,
                number=f"BENCH-{enrolment.pk:07d}",
                verification_code=code[:24],
                issued_at=decision.decided_at,
                issued_by=decision.decided_by,
                holder_name=f"{enrolment.user.first_name} {enrolment.user.last_name}",
                programme_title=cohort_slots[0].module.programme.title,
                level_label=cohort_slots[0].module.programme.level_label,
                first_day=cohort_slots[0].start.date(),
                last_day=cohort_slots[-1].start.date(),
                hours=90,
                jury_date=decision.jury.held_on,
                signatory=decision.jury.signatory,
                pdf=pdf_name,
                pdf_sha256=pdf_sha,
            )
        )
    _bulk(m.Certificate, certificates, "certificates", counts)
    if certificates and info["verification_code"] is None:
        info["verification_code"] = certificates[0].verification_code
    certified = [d.enrolment_id for d in decisions]
    Enrolment.objects.filter(pk__in=certified).update(status=EnrolmentStatus.CERTIFIED)

    # Facts about the live cohorts, for the page runs and the burst.
    for cohort, (_p, slug, size, _shift, kind) in zip(cohorts, chunk, strict=True):
        if kind != "live":
            continue
        future = [s for s in slot_cohort[cohort.pk] if s.start > now]
        info["live"][str(size)] = {
            "slug": slug,
            "cohort_id": cohort.pk,
            "coordinator": staff[slug]["coordinator"].pk,
            "tutor": staff[slug]["tutors"][0].pk,
            "participant": people[slug][0].pk,
            "participants": [u.pk for u in people[slug]],
            # The burst slot: the last one (future, no attendance yet), moved to now.
            "burst_slot": future[-1].pk,
        }
        m.SignInPolicy.objects.update_or_create(
            cohort=cohort, defaults={"allow_confirmation": True}
        )


def build(scale: int = 1, seed: int = SEED, cohort_sizes=None, force: bool = False) -> dict:
    """Build (or reuse) the bench database of `scale`; returns the facts in its marker.

    `cohort_sizes` overrides the live cohorts' sizes (default 10, 30, 300).
    """
    global LIVE_SIZES
    from django.conf import settings
    from django.core.management import call_command

    if int(settings.BENCH_SCALE) != scale:
        raise SystemExit(f"BENCH_SCALE={settings.BENCH_SCALE} but build(scale={scale})")
    if cohort_sizes:
        LIVE_SIZES = tuple(cohort_sizes)
    params = {
        "scale": scale,
        "seed": seed,
        "live_sizes": list(LIVE_SIZES),
        "version": GENERATOR_VERSION,
        "database": settings.DATABASES["default"]["NAME"],
        "engine": settings.DATABASES["default"]["ENGINE"],
    }
    marker = marker_path(scale)
    if not force and marker.exists() and _database_exists():
        stored = json.loads(marker.read_text())
        if stored.get("params") == params:
            log(f"reusing {params['database']} (built in {stored['generation_seconds']} s)")
            return stored
    marker.unlink(missing_ok=True)
    started = time.perf_counter()
    _recreate_database()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = round(time.perf_counter() - started, 1)
    log(f"migrated in {migrate_seconds} s")
    info = generate(scale, seed)
    info["params"] = params
    info["migrate_seconds"] = migrate_seconds
    info["built_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    marker.write_text(json.dumps(info, indent=1))
    log(f"built in {info['generation_seconds']} s (+ migrate {migrate_seconds} s)")
    log(f"rows: {info['counts']}")
    return info


def setup_django(scale: int) -> None:
    """Configure Django with the bench settings for `scale` (before any model import)."""
    os.environ["BENCH_SCALE"] = str(scale)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args()
    setup_django(args.scale)
    result = build(args.scale, args.seed, force=args.force)
    print(json.dumps({k: v for k, v in result.items() if k != "live"}, indent=1))
