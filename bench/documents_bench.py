"""Documents benchmark: certificate PDFs and attendance sheets with typst, and the same
attendance sheet with WeasyPrint as the comparison.

`run_documents(cohort_slug, certificates=300)` runs inside a configured Django
environment (the bench dataset's database) and returns a JSON-serialisable dict:

    {certificates: {count, seconds, per_second, p50_ms, ...},
     sheets: {count, seconds, per_second, ...},
     weasyprint: {seconds_per_sheet, typst_seconds_per_sheet, ratio, ...},
     profile: {...} (only when certificates/s is under the target), notes: [...]}

Everything runs in ONE process, on one core, one document after the other. Nothing is
written to the database or to storage by the measurement itself: certificates are
rendered again from their stored snapshot (the issued PDF is left as it is).

Standalone run (its own throw-away database, bench/var/docs.sqlite3, rebuilt each time):

    .venv/bin/python bench/documents_bench.py [--certificates N]

Targets (issue 10): ≥ 40 certificates per second on one core; typst ≥ 20× WeasyPrint on
the same sheet.
"""

import argparse
import base64
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VAR = BENCH / "var"
HTML_TEMPLATE = BENCH / "weasyprint_sheet.html"

CERTIFICATES_TARGET = 40  # per second, one core
WEASYPRINT_TARGET = 20  # typst at least this many times faster
WEASYPRINT_RUNS = 5  # median of this many renders (after a warm-up)


# --------------------------------------------------------------------------------------
# Helpers


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _timed(func, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - start, result


def pdf_text(content: bytes) -> str:
    """The text of a PDF, whitespace collapsed (pypdf may split or join lines)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split())


def pdf_pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


# --------------------------------------------------------------------------------------
# Certificates


def _certificates_to_render(cohort, count: int) -> list:
    """`count` certificates of the cohort (the valid ones, cycled), or, when the cohort has
    none yet, unsaved certificates built from its enrolments (same snapshot fields)."""
    from django.db.models import Max, Min

    from essor.certification.issuing import programme_title
    from essor.certification.models import Certificate, CertificateStatus
    from essor.cohorts.models import Enrolment
    from essor.core import clock
    from essor.programmes.models import Slot

    issued = list(
        Certificate.objects.filter(enrolment__cohort=cohort, status=CertificateStatus.VALID)
        .select_related("enrolment__cohort__programme")
        .order_by("number")
    )
    if not issued:
        span = Slot.objects.filter(cohort=cohort).aggregate(first=Min("start"), last=Max("end"))
        programme = cohort.programme
        enrolments = Enrolment.objects.filter(cohort=cohort).select_related(
            "cohort__programme", "user"
        )
        issued = [
            Certificate(
                enrolment=e,
                number=f"{programme.code.upper()}-BENCH-{n + 1:04d}",
                verification_code=f"bench{n:015d}",
                issued_at=clock.now(),
                holder_name=e.user.get_full_name() if e.user else f"Participant {n}",
                programme_title=programme_title(programme),
                level_label=programme.level_label,
                first_day=span["first"].date(),
                last_day=span["last"].date(),
                hours=Decimal("90"),
                jury_date=span["last"].date(),
                signatory="Bench",
            )
            for n, e in enumerate(enrolments)
        ]
    if not issued:
        raise RuntimeError(f"Cohort {cohort.slug}: no certificate and no enrolment to render.")
    return [issued[i % len(issued)] for i in range(count)]


def bench_certificates(cohort, count: int) -> tuple[dict, list]:
    from essor.certification.issuing import render_certificate

    certificates = _certificates_to_render(cohort, count)
    render_certificate(certificates[0])  # warm-up: typst's embedded fonts, imports
    times = []
    cpu = time.process_time()
    start = time.perf_counter()
    for certificate in certificates:
        elapsed, content = _timed(render_certificate, certificate)
        times.append(elapsed)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    # Sanity: the last PDF reads back with the holder's name.
    text = pdf_text(content)
    ok = certificate.holder_name in text
    result = {
        "count": count,
        "distinct_holders": len({c.enrolment_id for c in certificates}),
        "seconds": round(seconds, 3),
        "per_second": round(count / seconds, 1),
        "p50_ms": _ms(statistics.median(times)),
        "p95_ms": _ms(statistics.quantiles(times, n=20)[-1]) if count >= 20 else None,
        # CPU time of this process (all its threads): robust to other load on the machine.
        "cpu_seconds": round(cpu, 3),
        "per_cpu_second": round(count / cpu, 1),
        "pdf_bytes": len(content),
        "sanity_holder_in_text": ok,
        "target_per_second": CERTIFICATES_TARGET,
        "meets_target": count / seconds >= CERTIFICATES_TARGET,
    }
    return result, certificates


# --------------------------------------------------------------------------------------
# Where the time of a certificate goes


def certificate_breakdown(certificate, runs: int = 30) -> dict:
    """Median ms of each stage of one certificate, measured separately: the QR code, the
    data dict, the JSON, the temporary folder with the templates, typst's compile (in a
    prepared folder), and typst's compile of a document with no image at all."""
    import tempfile

    import typst

    from essor.certification.issuing import (
        QR_FILE,
        _qr_svg,
        certificate_data,
        render_certificate,
        verification_url,
    )
    from essor.documents.render import TEMPLATES, _compiler

    def median(func):
        func()
        values = []
        for _ in range(runs):
            start = time.perf_counter()
            func()
            values.append(time.perf_counter() - start)
        return _ms(statistics.median(values))

    url = verification_url(certificate.verification_code)
    qr = _qr_svg(url)
    data = certificate_data(certificate)
    payload = json.dumps(data, ensure_ascii=False)

    def temp_folder():
        with tempfile.TemporaryDirectory(prefix="essor-bench-") as folder:
            for source in TEMPLATES.glob("*.typ"):
                shutil.copyfile(source, Path(folder) / source.name)
            (Path(folder) / QR_FILE).write_bytes(qr)

    with tempfile.TemporaryDirectory(prefix="essor-bench-") as folder:
        for source in TEMPLATES.glob("*.typ"):
            shutil.copyfile(source, Path(folder) / source.name)
        (Path(folder) / QR_FILE).write_bytes(qr)
        template = str(Path(folder) / "certificate.typ")

        def compile_only():
            # The app's reused compiler (essor.documents.render), as a render uses it.
            _compiler().compile(input=template, root=folder, sys_inputs={"data": payload})

        compiled = median(compile_only)
        # One Compiler object kept across renders (typst-py's incremental compiler):
        # fonts are loaded once, and unchanged inputs are memoised.
        compiler = typst.Compiler(template, root=folder, ignore_system_fonts=True)

        def compile_reused():
            compiler.compile(sys_inputs={"data": payload})

        try:
            reused = median(compile_reused)
        except (TypeError, AttributeError) as exc:  # older typst-py without sys_inputs there
            reused = f"n/a ({exc})"

    templates = len(list(TEMPLATES.glob("*.typ")))
    return {
        "runs": runs,
        "total_render_certificate_ms": median(lambda: render_certificate(certificate)),
        "qr_svg_ms": median(lambda: _qr_svg(url)),
        "qr_svg_bytes": len(qr),
        "certificate_data_ms": median(lambda: certificate_data(certificate)),
        "json_dumps_ms": median(lambda: json.dumps(data, ensure_ascii=False)),
        "temp_folder_with_templates_ms": median(temp_folder),
        "templates_copied": templates,
        "typst_compile_ms": compiled,
        "typst_compile_reused_compiler_ms": reused,
    }


def profile_certificates(certificates: list, top: int = 12) -> list[dict]:
    """cProfile of a few renders: the functions with the most time of their own."""
    from essor.certification.issuing import render_certificate

    profiler = cProfile.Profile()
    profiler.enable()
    for certificate in certificates:
        render_certificate(certificate)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in sorted(
        stats.stats.items(), key=lambda item: item[1][2], reverse=True
    )[:top]:
        where = filename.split("site-packages/")[-1].split("/work/main/")[-1]
        rows.append(
            {
                "function": f"{where}:{line}({name})",
                "calls": calls,
                "own_ms_per_doc": round(tottime * 1000 / len(certificates), 2),
                "cum_ms_per_doc": round(cumtime * 1000 / len(certificates), 2),
                "share_of_total": round(tottime / total, 3) if total else None,
            }
        )
    return rows


def bench_sheets(cohort) -> dict:
    from essor.attendance.documents.sheets import render_attendance_sheet
    from essor.programmes.models import Slot

    slots = list(
        Slot.objects.filter(cohort=cohort)
        .select_related("cohort__programme", "module")
        .order_by("start")
    )
    render_attendance_sheet(slots[0])  # warm-up
    times = []
    cpu = time.process_time()
    start = time.perf_counter()
    for slot in slots:
        elapsed, content = _timed(render_attendance_sheet, slot)
        times.append(elapsed)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    pages = pdf_pages(content)
    return {
        "count": len(slots),
        "seconds": round(seconds, 3),
        "per_second": round(len(slots) / seconds, 1),
        "p50_ms": _ms(statistics.median(times)),
        "max_ms": _ms(max(times)),
        "cpu_seconds": round(cpu, 3),
        "per_cpu_second": round(len(slots) / cpu, 1),
        "pages_last_sheet": pages,
    }


def _css_string(text: str) -> str:
    """A value for a CSS string in double quotes (the @page footer)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")


def weasyprint_html(data: dict, files: dict[str, bytes]) -> str:
    """The sheet's HTML from the same data as typst's: image file names become data URIs."""
    from django.template import Context, Engine
    from django.utils.safestring import mark_safe

    def uri(name):
        if not name:
            return None
        return "data:image/png;base64," + base64.b64encode(files[name]).decode("ascii")

    data = json.loads(json.dumps(data))  # a deep copy: the typst data stays as it is
    for row in data["rows"]:
        row["signature"] = uri(row["signature"])
    if data["countersignature"]:
        data["countersignature"]["image"] = uri(data["countersignature"]["image"])
    engine = Engine(autoescape=True)
    template = engine.from_string(HTML_TEMPLATE.read_text(encoding="utf-8"))
    # The footer goes into a CSS string inside <style>, where HTML escaping does not apply:
    # _css_string escapes it for CSS instead.
    footer = mark_safe(_css_string(data["footer"]))  # noqa: S308
    context = {"data": data, "footer_css": footer}
    return template.render(Context(context))


def bench_weasyprint(cohort, runs: int = WEASYPRINT_RUNS) -> dict:
    """The same sheet (the slot with the most signatures) rendered by typst and by
    WeasyPrint from the same data, median of `runs` renders each, data built once."""
    from django.conf import settings
    from django.db.models import Count
    from django.utils import translation

    from essor.attendance.documents.sheets import sheet_data, sheet_evidence
    from essor.documents.render import render_pdf
    from essor.programmes.models import Slot

    try:
        import weasyprint
    except ImportError:
        return {"skipped": "weasyprint is not installed (pip install weasyprint)"}

    slot = (
        Slot.objects.filter(cohort=cohort)
        .select_related("cohort__programme", "module")
        .annotate(n=Count("signatures"))
        .order_by("-n", "start")
        .first()
    )
    with translation.override(settings.LANGUAGE_CODE):
        data, files = sheet_data(sheet_evidence(slot))

    def typst_render():
        return render_pdf("attendance_sheet", data, files=files)

    def weasy_render():
        html = weasyprint_html(data, files)
        return weasyprint.HTML(string=html, base_url=str(BENCH)).write_pdf()

    results = {}
    for name, func in (("typst", typst_render), ("weasyprint", weasy_render)):
        func()  # warm-up: fonts, imports
        times = []
        for _ in range(runs):
            elapsed, content = _timed(func)
            times.append(elapsed)
        text = pdf_text(content)
        names = [row["name"] for row in data["rows"]]
        results[name] = {
            "median_s": statistics.median(times),
            "pages": pdf_pages(content),
            "bytes": len(content),
            "module_title_in_text": data["module"]["title"] in text,
            "names_in_text": sum(n in text for n in names),
            "names_expected": len(names),
        }
    typst_s = results["typst"]["median_s"]
    weasy_s = results["weasyprint"]["median_s"]
    return {
        "slot_id": slot.pk,
        "rows": len(data["rows"]),
        "signature_images": len(files),
        "runs": runs,
        "seconds_per_sheet": round(weasy_s, 4),
        "typst_seconds_per_sheet": round(typst_s, 4),
        "ratio": round(weasy_s / typst_s, 1),
        "target_ratio": WEASYPRINT_TARGET,
        "meets_target": weasy_s / typst_s >= WEASYPRINT_TARGET,
        "weasyprint_version": weasyprint.__version__,
        "detail": {
            k: {kk: (round(vv, 4) if isinstance(vv, float) else vv) for kk, vv in v.items()}
            for k, v in results.items()
        },
    }


# --------------------------------------------------------------------------------------
# The entry point used by the bench runner


def run_documents(cohort_slug: str, *, certificates: int = 300) -> dict:
    """Documents figures for one cohort (see the module docstring)."""
    from django.conf import settings
    from django.utils import translation

    from essor.cohorts.models import Cohort

    cohort = Cohort.objects.select_related("programme").get(slug=cohort_slug)
    notes = []
    with translation.override(settings.LANGUAGE_CODE):
        cert, rendered = bench_certificates(cohort, certificates)
        if not cert["sanity_holder_in_text"]:
            notes.append("certificate sanity check FAILED: holder's name not in PDF text")
        sheets = bench_sheets(cohort)
    weasy = bench_weasyprint(cohort)
    result = {"certificates": cert, "sheets": sheets, "weasyprint": weasy, "notes": notes}
    if "skipped" in weasy:
        notes.append(weasy["skipped"])
    else:
        for engine, detail in weasy["detail"].items():
            if (
                not detail["module_title_in_text"]
                or detail["names_in_text"] < detail["names_expected"]
            ):
                notes.append(f"{engine} sheet sanity check: module title or names missing")
        notes.append(
            f"WeasyPrint {weasy['weasyprint_version']} uses Liberation Serif (Libertinus Serif, "
            "typst's embedded font, is not a system font here)."
        )
    with translation.override(settings.LANGUAGE_CODE):
        result["breakdown_ms"] = certificate_breakdown(rendered[0])
        if cert["per_second"] < CERTIFICATES_TARGET:
            result["profile"] = profile_certificates(rendered[:30])
            notes.append(
                f"certificates: {cert['per_second']}/s < {CERTIFICATES_TARGET}/s target: "
                "see breakdown_ms and profile"
            )
    return result


# --------------------------------------------------------------------------------------
# Standalone run: a throw-away database with one CS26 cohort of signed half-days


def _setup_django(db_path: Path, *, fresh: bool = True) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    media = VAR / "docs-media"
    if fresh:
        shutil.rmtree(media, ignore_errors=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["ESSOR_VAR_DIR"] = str(VAR / "docs-var")
    os.environ["ESSOR_MEDIA_ROOT"] = str(media)
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-documents-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essor.settings")
    if not os.environ.get("ESSOR_BADGE_KEY"):
        # A throw-away Ed25519 key, so that issuing also signs the Open Badge as in production.
        from jwcrypto import jwk

        os.environ["ESSOR_BADGE_KEY"] = jwk.JWK.generate(kty="OKP", crv="Ed25519").export_private()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _png(width: int = 400, height: int = 150, *, seed: int = 0) -> bytes:
    """A drawn-looking signature: an RGBA PNG with three strokes of ink that `seed` shifts
    (as tests/attendance/signing.py builds them)."""
    import struct
    import zlib

    rows = [bytearray(width * 4) for _ in range(height)]
    for n in range(3):
        for x in range(width):
            y = (x * (n + 1) // 3 + seed * 7 + n * 11) % height
            for dy in range(3):
                rows[min(height - 1, y + dy)][x * 4 : x * 4 + 4] = b"\x0b\x1f\x44\xff"

    def chunk(kind, body):
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def build_cohort(participants: int = 30, seed: int = 10) -> str:
    """Load CS26, enrol `participants` people, sign every half-day (PNG signatures, a few
    late, absent or confirmed), countersign it, hold a jury and issue the certificates
    through the real service. Returns the cohort's slug."""
    import hashlib
    import random

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from essor.accounts.models import User
    from essor.attendance.models import (
        AttendanceRecord,
        AttendanceStatus,
        Countersignature,
        Signature,
        SignatureMethod,
    )
    from essor.certification.issuing import issue_pending
    from essor.certification.models import Decision, Jury, JuryDecision
    from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus, Membership, Organisation
    from essor.core import clock
    from essor.programmes.models import Slot

    rng = random.Random(seed)  # noqa: S311 (reproducible data, not security)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_programme", str(ROOT / "essor/programmes/data/cs26-2025.toml"), verbosity=0)
    cohort = Cohort.objects.select_related("programme").get(slug="cs26-2025")
    cohort.place = "Cnam, 292 rue Saint-Martin, Paris 3e"
    cohort.save(update_fields=["place"])
    firsts = ["Léa", "Hugo", "Chloé", "Étienne", "Zoé", "Noël", "Inès", "Maël", "Anaïs", "Loïc"]
    lasts = ["Rivière", "Lefèvre", "Dupré", "Bénard", "Gauthier", "Perrin", "Roché", "Müller"]
    coordinator = User.objects.create_user("bench-coord", "coord@bench.invalid", "x" * 20)
    Membership.objects.create(user=coordinator, cohort=cohort, role="coordination")
    speaker = User.objects.create_user(
        "bench-speaker", "speaker@bench.invalid", "x" * 20, first_name="Claire", last_name="Morel"
    )
    enrolments = []
    for n in range(participants):
        user = User.objects.create_user(
            f"bench-p{n:03d}",
            f"p{n}@bench.invalid",
            "x" * 20,
            first_name=rng.choice(firsts),
            last_name=f"{rng.choice(lasts)}-{n:02d}",
        )
        Membership.objects.create(user=user, cohort=cohort, role="participant")
        organisation = Organisation.objects.create(
            name=f"Association « Solidarités {n} »", family="association", region="IDF"
        )
        enrolments.append(
            Enrolment.objects.create(
                cohort=cohort,
                user=user,
                organisation=organisation,
                position="Directrice",
                status=EnrolmentStatus.ENROLLED,
            )
        )
    images = [_png(seed=s) for s in range(8)]
    for slot in Slot.objects.filter(cohort=cohort):
        for n, enrolment in enumerate(enrolments):
            roll = rng.random()
            if roll < 0.05:
                status = AttendanceStatus.ABSENT
            elif roll < 0.12:
                status = AttendanceStatus.LATE
            else:
                status = AttendanceStatus.PRESENT
            AttendanceRecord.objects.create(
                slot=slot,
                enrolment=enrolment,
                status=status,
                minutes_late=15 if status == AttendanceStatus.LATE else 0,
                updated_at=slot.start,
            )
            if status == AttendanceStatus.ABSENT:
                continue
            confirmed = roll > 0.97
            signature = Signature(
                slot=slot,
                enrolment=enrolment,
                signed_at=slot.start + timedelta(minutes=rng.randint(-10, 20)),
                method=SignatureMethod.CONFIRMATION if confirmed else SignatureMethod.DRAWN,
            )
            if not confirmed:
                content = images[(n + slot.pk) % len(images)]
                signature.image_sha256 = hashlib.sha256(content).hexdigest()
                signature.image.save(f"s{slot.pk}-{n}.png", ContentFile(content), save=False)
            signature.save()
        counter = Countersignature(slot=slot, signed_by=speaker, signed_at=slot.end)
        counter.image.save(f"c{slot.pk}.png", ContentFile(images[0]), save=False)
        counter.save()
    last = Slot.objects.filter(cohort=cohort).order_by("-end").first()
    jury = Jury.objects.create(
        cohort=cohort,
        held_on=(last.end + timedelta(days=30)).date(),
        president="Présidence du jury",
        signatory="Administrateur général du Cnam",
        opened_by=coordinator,
        opened_at=clock.now(),
    )
    for enrolment in enrolments:
        JuryDecision.objects.create(
            jury=jury,
            enrolment=enrolment,
            decision=Decision.AWARDED,
            decided_by=coordinator,
            decided_at=clock.now(),
        )
    issue_pending(cohort=cohort, by=coordinator)
    return cohort.slug


def _print_table(result: dict) -> None:
    c, s, w = result["certificates"], result["sheets"], result["weasyprint"]
    print(f"{'Documents':<34}{'figure':>14}  target")
    print(
        f"{'certificates (' + str(c['count']) + ')':<34}{c['per_second']:>12}/s  "
        f"≥ {CERTIFICATES_TARGET}/s  p50 {c['p50_ms']} ms, {c['seconds']} s"
    )
    print(
        f"{'attendance sheets (' + str(s['count']) + ')':<34}{s['per_second']:>12}/s  "
        f"p50 {s['p50_ms']} ms, {s['seconds']} s"
    )
    if "skipped" not in w:
        print(
            f"{'same sheet: typst / WeasyPrint':<34}{w['ratio']:>13}×  ≥ {WEASYPRINT_TARGET}×  "
            f"typst {_ms(w['typst_seconds_per_sheet'])} ms, "
            f"WeasyPrint {_ms(w['seconds_per_sheet'])} ms"
        )
    for note in result["notes"]:
        print("note:", note)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--certificates", type=int, default=300)
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    parser.add_argument(
        "--reuse", action="store_true", help="keep bench/var/docs.sqlite3 from the last run"
    )
    args = parser.parse_args()
    database = VAR / "docs.sqlite3"
    reuse = args.reuse and database.exists()
    _setup_django(database, fresh=not reuse)
    if reuse:
        slug = "cs26-2025"
    else:
        start = time.perf_counter()
        slug = build_cohort(args.participants)
        print(f"dataset built in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    result = run_documents(slug, certificates=args.certificates)
    _print_table(result)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
