"""The coordination's documents page: every sheet and certificate of the cohort, and
whole-cohort batches produced a few documents per progress request, then downloaded as
one zip.

With JavaScript, the progress fragment posts itself again as soon as it is shown (HTMX
`load` trigger) until the batch is finished; without, its « Continuer » button does the
same, one chunk per click, and comes back to this page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from essor.attendance import documents
from essor.cohorts.permissions import get_cohort_for
from essor.core.errors import DomainError
from essor.core.storage import private_storage
from essor.documents import batches
from essor.documents.models import BatchKind, BatchStatus


def _page(request, cohort, *, status: int = 200):
    context = {
        "cohort": cohort,
        "overview": documents.documents_overview(cohort),
        "batches": batches.recent_batches(cohort),
        "kinds": BatchKind.choices,
    }
    return render(request, "attendance/documents.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def documents_page(request, slug):
    """GET: the page; POST `kind`: plan a batch, then come back to watch it progress."""
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    if request.method == "POST":
        try:
            batch = batches.start_batch(
                cohort=cohort, kind=request.POST.get("kind", ""), by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
            return _page(request, cohort, status=400)
        messages.success(
            request,
            _("Production lancée : %(kind)s (%(total)s documents).")
            % {"kind": batch.get_kind_display(), "total": batch.total},
        )
        return redirect(reverse("attendance:documents", args=[cohort.slug]) + "#lots")
    return _page(request, cohort)


@login_required
@require_http_methods(["GET", "POST"])
def batch_progress(request, slug, batch_id):
    """POST: produce the next documents. The answer is the progress fragment for HTMX,
    the documents page otherwise. GET only reads the state."""
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    if request.method == "POST":
        batch = batches.advance_batch(cohort=cohort, batch_id=batch_id)
    else:
        batch = batches.get_batch(cohort, batch_id)
    if not request.htmx:
        return redirect(reverse("attendance:documents", args=[cohort.slug]) + "#lots")
    return render(request, "attendance/documents_batch.html", {"cohort": cohort, "batch": batch})


@login_required
@require_safe
def batch_download(request, slug, batch_id):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    batch = batches.get_batch(cohort, batch_id)
    if batch.status != BatchStatus.DONE or not batch.file:
        raise Http404(_("Cette archive n'est pas encore prête."))
    if not private_storage.exists(batch.file.name):
        raise Http404(_("Fichier introuvable."))
    return FileResponse(
        private_storage.open(batch.file.name, "rb"),
        as_attachment=True,
        filename=f"{cohort.slug}-{batch.kind}-{batch.pk}.zip",
        content_type="application/zip",
    )
