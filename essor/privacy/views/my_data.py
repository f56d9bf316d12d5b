"""« Mes données »: what Essor holds about me, how long, the export and the erasure."""

from datetime import date

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from essor.core import clock
from essor.core.errors import DomainError

from ..erasure import can_self_erase, request_erasure
from ..export import export_user_data
from ..forms import ErasureForm
from ..selectors import my_counts, my_retention


@login_required
@require_GET
def my_data(request):
    context = {
        "counts": my_counts(request.user),
        "retention": my_retention(request.user),
        "can_erase": can_self_erase(request.user),
    }
    return render(request, "privacy/my_data.html", context)


@login_required
@require_GET
def export(request):
    content = export_user_data(request.user)
    response = HttpResponse(content, content_type="application/zip")
    stamp = clock.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="essor-mes-donnees-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    allowed = can_self_erase(request.user)
    form = ErasureForm(request.POST or None, user=request.user)
    error = ""
    if request.method == "POST" and allowed and form.is_valid():
        try:
            erasure = request_erasure(user=request.user, now=clock.now())
        except DomainError as exc:
            error = exc.message
        else:
            logout(request)
            kept = [
                row | {"until": date.fromisoformat(row["until"])}
                for row in erasure.report.get("kept", [])
            ]
            context = {"erasure": erasure, "kept": kept}
            return render(request, "privacy/erasure_done.html", context)
    context = {
        "form": form,
        "allowed": allowed,
        "error": error,
        "retention": my_retention(request.user),
    }
    return render(request, "privacy/erase.html", context)
