"""The retention schedule (administrators only): rules, funders, last purges, what is due."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essor.core import clock
from essor.core.errors import DomainError

from ..forms import ScheduleForm
from ..schedule import due_items, save_schedule
from ..selectors import schedule_page


@login_required
@require_http_methods(["GET", "POST"])
def retention(request):
    if not (request.user.is_staff or request.user.is_superuser):
        raise Http404
    page = schedule_page()
    form = ScheduleForm(request.POST or None, rules=page["rules"], funders=page["funders"])
    if request.method == "POST" and form.is_valid():
        months, actions, funders = form.values()
        try:
            save_schedule(by=request.user, months=months, actions=actions, funders=funders)
        except DomainError as exc:
            form.add_error(None, exc.message)
            for detail in exc.details:
                form.add_error(None, detail)
        else:
            messages.success(request, _("Le calendrier de conservation est enregistré."))
            return redirect("privacy:retention")
    context = page | {"form": form, "due": due_items(now=clock.now())}
    return render(request, "privacy/retention.html", context)
