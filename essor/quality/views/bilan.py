"""The bilan of a cohort: the page (and its editing by the coordination), publishing,
the PDF, and the highlights chosen among the free-text answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from essor.cohorts.models import Cohort, Role
from essor.cohorts.permissions import get_cohort_for, has_role
from essor.core.errors import DomainError

from .. import services
from ..bilan import bilan_page, get_bilan, highlight_candidates
from ..bilan_pdf import figures, render_bilan_pdf
from ..forms import BilanForm, HighlightForm

READERS_WHEN_PUBLISHED = (Role.SPEAKER, Role.TUTOR, Role.PARTICIPANT)


def bilan_cohort(user, slug: str) -> tuple[Cohort, bool]:
    """The cohort whose bilan `user` may read, and whether they may edit it: the
    coordination always, partners always (aggregates only), speakers, tutors and
    participants once the bilan is shared; 404 for anyone else."""
    cohort = Cohort.objects.select_related("programme").filter(slug=slug).first()
    if cohort is None:
        raise Http404(_("Promotion introuvable."))
    if has_role(user, cohort, Role.COORDINATOR):
        return cohort, True
    if has_role(user, cohort, Role.PARTNER):
        return cohort, False
    if has_role(user, cohort, *READERS_WHEN_PUBLISHED) and get_bilan(cohort).published:
        return cohort, False
    raise Http404(_("Promotion introuvable."))


def _page(request, cohort, *, can_edit, form=None, status=200):
    page = bilan_page(cohort)
    context = {
        "cohort": cohort,
        "page": page,
        "figures": figures(page.results),
        "can_edit": can_edit,
        "form": form or (BilanForm(instance=page.bilan) if can_edit else None),
    }
    return render(request, "quality/bilan.html", context, status=status)


@login_required
@require_safe
def bilan(request, slug):
    cohort, can_edit = bilan_cohort(request.user, slug)
    return _page(request, cohort, can_edit=can_edit)


@login_required
@require_POST
def bilan_edit(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    form = BilanForm(request.POST, instance=get_bilan(cohort))
    if form.is_valid():
        try:
            services.save_bilan(cohort=cohort, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error("held_on" if exc.code == "date_in_future" else None, exc.message)
        else:
            messages.success(request, _("Bilan enregistré."))
            return redirect("quality:bilan", slug=cohort.slug)
    return _page(request, cohort, can_edit=True, form=form, status=400)


@login_required
@require_POST
def bilan_publish(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    published = request.POST.get("published") != "0"
    try:
        _bilan, carried = services.publish_bilan(
            cohort=cohort, by=request.user, published=published
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("quality:bilan", slug=cohort.slug)
    if published:
        messages.success(
            request,
            _("Bilan partagé. Actions reportées sur la promotion suivante : %(count)s.")
            % {"count": carried},
        )
    else:
        messages.success(request, _("Le bilan n'est plus partagé."))
    return redirect("quality:bilan", slug=cohort.slug)


@login_required
@require_safe
def bilan_pdf(request, slug):
    cohort, _can_edit = bilan_cohort(request.user, slug)
    response = HttpResponse(render_bilan_pdf(cohort), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bilan-{cohort.slug}.pdf"'
    return response


def _highlights_page(request, cohort, *, status=200, error=""):
    groups, hidden = highlight_candidates(cohort)
    bilan = get_bilan(cohort)
    context = {
        "cohort": cohort,
        "groups": groups,
        "hidden": hidden,
        "highlights": list(bilan.highlights.all()) if bilan.pk else [],
        "error": error,
    }
    return render(request, "quality/bilan_highlights.html", context, status=status)


@login_required
@require_safe
def highlights(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    return _highlights_page(request, cohort)


@login_required
@require_POST
def highlight_add(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    form = HighlightForm(request.POST)
    if not form.is_valid():
        return _highlights_page(request, cohort, status=400, error=_("Réponse introuvable."))
    try:
        services.add_highlight(
            cohort=cohort,
            answer_id=form.cleaned_data["answer"],
            text=form.cleaned_data["text"],
            by=request.user,
        )
    except DomainError as exc:
        return _highlights_page(request, cohort, status=400, error=exc.message)
    messages.success(request, _("Extrait retenu pour le bilan."))
    return redirect("quality:highlights", slug=cohort.slug)


@login_required
@require_POST
def highlight_delete(request, slug, pk):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    try:
        services.delete_highlight(cohort=cohort, highlight_id=pk)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    messages.success(request, _("Extrait retiré du bilan."))
    return redirect("quality:highlights", slug=cohort.slug)
