"""« Mon compte »: who I am, my roles, my API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from essor.cohorts.models import Cohort, Role

from ..forms import TokenForm
from ..selectors import get_token_for, roles_by_cohort, user_tokens
from ..services import issue_api_token, revoke_api_token


def _render_me(request, *, form=None, new_token: str = "", status: int = 200):
    roles = roles_by_cohort(request.user)
    cohorts = Cohort.objects.filter(slug__in=roles).order_by("slug")
    memberships = [
        {"cohort": cohort, "roles": [Role(role).label for role in roles[cohort.slug]]}
        for cohort in cohorts
    ]
    context = {
        "memberships": memberships,
        "tokens": user_tokens(request.user),
        "form": form or TokenForm(),
        "new_token": new_token,
    }
    return render(request, "accounts/me.html", context, status=status)


@login_required
@require_GET
def me(request):
    return _render_me(request)


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _render_me(request, form=form)
    _token, raw = issue_api_token(user=request.user, name=form.cleaned_data["name"])
    # Shown on this response only: the database keeps a hash, so the value cannot be
    # displayed again (hence no redirect here).
    return _render_me(request, new_token=raw)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_token_for(request.user, token_id)
    revoke_api_token(token=token)
    messages.success(request, _("Le jeton « %(prefix)s… » est révoqué.") % {"prefix": token.prefix})
    return redirect("accounts:me")
