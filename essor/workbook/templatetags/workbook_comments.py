"""`{% load workbook_comments %}{% workbook_comments workbook code %}`: a section's tutor
comments, and the form to add one for the participant's tutor and the coordination."""

from django import template

from ..comments import can_comment, section_comments
from ..forms_around import CommentForm

register = template.Library()


@register.inclusion_tag("workbook/_comments.html", takes_context=True)
def workbook_comments(context, workbook, code, form=None):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    may_comment = workbook is not None and can_comment(user, workbook)
    return {
        "workbook": workbook,
        "code": code,
        "comments": section_comments(workbook, code) if workbook is not None else [],
        "may_comment": may_comment,
        "form": (form or CommentForm()) if may_comment else None,
        "csrf_token": context.get("csrf_token"),
    }
