"""The section's record tables: add a line, delete a line (HTMX swaps the block; without
JavaScript a normal POST and a redirect)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from essor.core.errors import DomainError

from .. import selectors, services
from ..access import own_workbook
from ..forms import KINDS, SOURCE_LABELS, kinds_of
from .sections import section_code, section_context

# Blocks whose add form depends on another kind's records (refreshed out of band).
DEPENDENTS = {"actors": ("relations",), "swot": ("variables",)}


def _cell(record, name):
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    if name == "source" and record._meta.model_name == "emissionline":
        return SOURCE_LABELS.get(value, value)
    return value


def record_block(workbook, kind, *, records=None, readonly=False, form=None):
    spec = KINDS[kind]
    if records is None:
        records = selectors.records_of(workbook, kind)
    model_fields = {name: spec.model._meta.get_field(name) for name in spec.columns}
    return {
        "kind": spec,
        "headers": [model_fields[name].verbose_name for name in spec.columns],
        "rows": [(record, [_cell(record, name) for name in spec.columns]) for record in records],
        "form": None if readonly else (form or spec.form(workbook=workbook, prefix=kind)),
        "readonly": readonly,
    }


def record_blocks(workbook, code, *, readonly=False, forms=None):
    forms = forms or {}
    records = selectors.section_records(workbook, code)
    return [
        record_block(
            workbook,
            spec.slug,
            records=records[spec.slug],
            readonly=readonly,
            form=forms.get(spec.slug),
        )
        for spec in kinds_of(code)
    ]


def _kind(code, kind):
    spec = KINDS.get(kind)
    if spec is None or spec.section != code:
        raise Http404
    return spec


def _answer(request, workbook, slug, code, kind, *, form=None, status=200):
    if request.htmx:
        blocks = [record_block(workbook, kind, form=form)]
        oob = [record_block(workbook, other) for other in DEPENDENTS.get(kind, ())]
        return render(
            request,
            "workbook/_record_response.html",
            {"block": blocks[0], "oob": oob, "cohort": workbook.enrolment.cohort, "code": code},
            status=status,
        )
    if form is not None:
        context = section_context(workbook, code, record_forms={kind: form})
        return render(request, "workbook/section.html", context, status=status)
    return redirect(reverse("workbook:section", args=[slug, code]) + f"#records-{kind}")


@login_required
@require_POST
def record_add(request, slug, code, kind):
    code = section_code(code)
    spec = _kind(code, kind)
    workbook = own_workbook(request.user, slug)
    form = spec.form(request.POST, workbook=workbook, prefix=kind)
    if form.is_valid():
        try:
            services.add_record(
                workbook=workbook, kind=kind, cleaned=form.cleaned_data, by=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _answer(request, workbook, slug, code, kind)
    return _answer(request, workbook, slug, code, kind, form=form, status=400)


@login_required
@require_POST
def record_delete(request, slug, code, kind, record_id):
    code = section_code(code)
    _kind(code, kind)
    workbook = own_workbook(request.user, slug)
    record = selectors.record_of(workbook, kind, record_id)
    if record is None:
        raise Http404
    services.delete_record(workbook=workbook, record=record, by=request.user)
    return _answer(request, workbook, slug, code, kind)


@login_required
@require_POST
def swot_key_issue(request, slug, record_id):
    """Flag or unflag a SWOT item as a key issue (« enjeu clé »)."""
    workbook = own_workbook(request.user, slug)
    item = selectors.record_of(workbook, "swot", record_id)
    if item is None:
        raise Http404
    services.set_key_issue(
        workbook=workbook,
        item=item,
        key_issue=request.POST.get("key_issue") == "1",
        by=request.user,
    )
    return _answer(request, workbook, slug, "E", "swot")
