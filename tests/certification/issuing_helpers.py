"""A jury and its decision, written directly (the jury's services belong to its own
module): what `issue_certificate` needs."""

from datetime import date

import pytest
from jwcrypto import jwk

from essor.certification.models import Decision, Jury, JuryDecision
from essor.core import clock


def award(enrolment, *, by, decision: str = Decision.AWARDED, held_on=date(2025, 7, 3)):
    jury = Jury.objects.filter(cohort=enrolment.cohort).first() or Jury.objects.create(
        cohort=enrolment.cohort,
        held_on=held_on,
        president="Marie Dupont",
        signatory="Jean Martin",
        signatory_title="Directeur du Cnam",
        opened_by=by,
        opened_at=clock.now(),
    )
    return JuryDecision.objects.create(
        jury=jury,
        enrolment=enrolment,
        decision=decision,
        reasons="Conditions remplies.",
        decided_by=by,
        decided_at=clock.now(),
    )


@pytest.fixture
def badge_key(settings):
    """A throwaway Ed25519 signing key, so that issued certificates get their credential."""
    settings.ESSOR_BADGE_KEY = jwk.JWK.generate(kty="OKP", crv="Ed25519").export_private()
