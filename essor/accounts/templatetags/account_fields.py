"""`{% field_row form.email %}`: a labelled field whose help and errors are announced.

Screen readers read what `aria-describedby` points to when the field takes focus, so the
error message and the help are tied to the input, and `aria-invalid` marks it wrong.
"""

from django import template

register = template.Library()


@register.inclusion_tag("accounts/_field.html")
def field_row(field, autocomplete: str = ""):
    help_id = f"{field.auto_id}_helptext" if field.help_text else ""
    errors_id = f"{field.auto_id}_errors" if field.errors else ""
    attrs = {}
    described_by = " ".join(filter(None, [errors_id, help_id]))
    if described_by:
        attrs["aria-describedby"] = described_by
    if field.errors:
        attrs["aria-invalid"] = "true"
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return {
        "field": field,
        "widget": field.as_widget(attrs=attrs),
        "help_id": help_id,
        "errors_id": errors_id,
    }
