"""Certification over JSON: the eligibility of every participant of a cohort.

`GET /api/cohorts/{slug}/eligibility` (coordination only; 404 for anyone else, 401
without credentials) → [{"username", "eligible", "reasons": [...]}] (DESIGN.md).
"""

from ninja import Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field

from essor.api.auth import session_or_token
from essor.cohorts.permissions import get_cohort_for
from essor.core.pagecache import cached_page

from .eligibility import candidates, cohort_eligibility

router = Router(tags=["certification"])


class EligibilityOut(Schema):
    username: str
    eligible: bool
    reasons: list[str] = Field(
        description="Chaque élément bloquant, en français, précis à la demi-journée."
    )


class NotFoundOut(Schema):
    detail: str


@router.get(
    "/cohorts/{slug}/eligibility",
    response={200: list[EligibilityOut], 404: NotFoundOut},
    auth=session_or_token,
    url_name="cohort-eligibility",
)
@decorate_view(cached_page)
def cohort_eligibility_list(request, slug: str):
    """L'éligibilité au certificat de chaque auditeur·rice de la promotion (coordination)."""
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    enrolments = list(candidates(cohort))
    results = cohort_eligibility(cohort, enrolments)
    return [
        {
            "username": enrolment.user.username,
            "eligible": results[enrolment.pk].eligible,
            "reasons": results[enrolment.pk].reasons,
        }
        for enrolment in enrolments
    ]
