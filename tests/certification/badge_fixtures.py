"""Certificate rows made directly (no jury run, no PDF rendering) for badge and Master tests."""

import datetime
import secrets
from decimal import Decimal

from django.core.files.base import ContentFile

from essor.certification.models import Certificate, Decision, Jury, JuryDecision
from essor.core import clock


def make_certificate(enrolment, *, by, number: str = "CS26-2025-0001", **fields) -> Certificate:
    now = clock.now()
    jury = Jury.objects.create(
        cohort=enrolment.cohort,
        held_on=now.date(),
        president="Présidente",
        signatory="Signataire",
        opened_by=by,
        opened_at=now,
    )
    decision = JuryDecision.objects.create(
        jury=jury,
        enrolment=enrolment,
        decision=Decision.AWARDED,
        decided_by=by,
        decided_at=now,
    )
    values = {
        "enrolment": enrolment,
        "decision": decision,
        "number": number,
        "verification_code": secrets.token_urlsafe(16)[:20],
        "issued_at": now - datetime.timedelta(hours=1),
        "issued_by": by,
        "holder_name": enrolment.user.get_full_name() or enrolment.user.username,
        "programme_title": enrolment.cohort.programme.certificate_name,
        "level_label": enrolment.cohort.programme.level_label,
        "first_day": datetime.date(2025, 1, 15),
        "last_day": datetime.date(2025, 6, 20),
        "hours": Decimal("90"),
        "jury_date": now.date(),
        "signatory": "Signataire",
        "pdf_sha256": "0" * 64,
    }
    values.update(fields)
    certificate = Certificate(**values)
    certificate.pdf.save(f"{number}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    certificate.save()
    return certificate
