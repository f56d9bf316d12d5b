"""Invitations: the coordination sends and manages them; the invited person accepts one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from essor.cohorts.permissions import get_cohort_for
from essor.core.errors import DomainError

from ..forms import AcceptInvitationForm, InvitationForm
from ..selectors import cohort_invitations, get_cohort_invitation
from ..services import (
    accept_invitation,
    account_for_invitation,
    find_invitation,
    invite,
    join_with_invitation,
    resend_invitation,
    revoke_invitation,
)

MANAGE = "cohorts.manage_cohort"
# The codes find_invitation raises for a link that once worked: 410 Gone.
GONE_CODES = {"invitation_expired", "invitation_used", "invitation_revoked"}
# Which field of the accept form a refusal of accept_invitation is about.
FIELD_OF_ERROR = {
    "username_required": "username",
    "username_taken": "username",
    "username_invalid": "username",
    "weak_password": "password1",
}


@login_required
@require_http_methods(["GET", "POST"])
def cohort_invitations_page(request, slug: str):
    cohort = get_cohort_for(request.user, slug, MANAGE)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = invite(cohort=cohort, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error("role" if exc.code == "already_member" else None, exc.message)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s (%(role)s).")
                % {"email": invitation.email, "role": invitation.get_role_display()},
            )
            return redirect("accounts:invitations", slug=cohort.slug)
    context = {"cohort": cohort, "form": form, "rows": cohort_invitations(cohort)}
    return render(request, "accounts/invitations.html", context)


@login_required
@require_POST
def invitation_resend(request, slug: str, invitation_id: int):
    cohort = get_cohort_for(request.user, slug, MANAGE)
    invitation = get_cohort_invitation(cohort, invitation_id)
    try:
        resend_invitation(invitation=invitation, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Nouveau lien envoyé à %(email)s ; l'ancien ne fonctionne plus.")
            % {"email": invitation.email},
        )
    return redirect("accounts:invitations", slug=cohort.slug)


@login_required
@require_POST
def invitation_revoke(request, slug: str, invitation_id: int):
    cohort = get_cohort_for(request.user, slug, MANAGE)
    invitation = get_cohort_invitation(cohort, invitation_id)
    try:
        revoke_invitation(invitation=invitation, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("L'invitation de %(email)s est révoquée : son lien ne fonctionne plus.")
            % {"email": invitation.email},
        )
    return redirect("accounts:invitations", slug=cohort.slug)


def _invalid(request, error: DomainError):
    status = 410 if error.code in GONE_CODES else 404
    context = {"error": error, "login_url": reverse(settings.LOGIN_URL)}
    return render(request, "accounts/invitation_invalid.html", context, status=status)


@require_http_methods(["GET", "POST"])
def accept(request, token: str):
    """One page, three situations:

    - no account has the invitation's address: choose an identifier and a password;
    - an account has it and is logged in: one « Accepter » button;
    - an account has it but someone else (or nobody) is logged in: log in as that
      account first, then come back through the same link.
    """
    try:
        invitation = find_invitation(token)
    except DomainError as exc:
        return _invalid(request, exc)
    account = account_for_invitation(invitation)
    context = {"invitation": invitation, "cohort": invitation.cohort, "account": account}

    if account is not None:
        if request.user.is_authenticated and request.user.pk == account.pk:
            if request.method == "POST":
                try:
                    join_with_invitation(token=token, user=request.user)
                except DomainError as exc:
                    return _invalid(request, exc)
                messages.success(
                    request,
                    _("Bienvenue dans %(cohort)s.") % {"cohort": invitation.cohort.title},
                )
                return redirect(settings.LOGIN_REDIRECT_URL)
            context["mode"] = "join"
        else:
            context["mode"] = "login_first"
            context["login_next_url"] = (
                reverse(settings.LOGIN_URL) + "?" + urlencode({"next": request.path})
            )
        return render(request, "accounts/invitation_accept.html", context)

    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                token=token,
                password=form.cleaned_data["password1"],
                username=form.cleaned_data["username"],
            )
        except DomainError as exc:
            if exc.code.startswith("invitation_"):
                return _invalid(request, exc)
            form.add_error(FIELD_OF_ERROR.get(exc.code), exc.message)
        else:
            login(request, user, backend="essor.accounts.backends.UsernameOrEmailBackend")
            messages.success(
                request,
                _("Votre compte est créé. Bienvenue dans %(cohort)s.")
                % {"cohort": invitation.cohort.title},
            )
            return redirect(settings.LOGIN_REDIRECT_URL)
    context |= {"mode": "create", "form": form}
    return render(request, "accounts/invitation_accept.html", context)
