"""Tutor comments on a section of a workbook: the participant's tutor and the coordination
write them, the participant reads them on their section page."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from essor.cohorts.models import Role
from essor.cohorts.permissions import has_role
from essor.core import clock
from essor.core.errors import DomainError

from .models import Section, TutorComment, Workbook

MAX_COMMENT_CHARS = 5000


def can_comment(user, workbook: Workbook) -> bool:
    """The participant's own tutor, or the coordination of the cohort."""
    if user is None or not user.is_authenticated:
        return False
    enrolment = workbook.enrolment
    if enrolment.tutor_id == user.pk and has_role(user, enrolment.cohort_id, Role.TUTOR):
        return True
    return has_role(user, enrolment.cohort_id, Role.COORDINATOR)


def _notify(comment: TutorComment, workbook: Workbook) -> None:
    participant = workbook.enrolment.user
    if not participant.email:
        return
    section = Section(comment.section).label
    subject = _("Nouveau commentaire sur votre cahier de diagnostic")
    body = _(
        "Bonjour,\n\nUn nouveau commentaire a été ajouté à la section « %(section)s » de votre "
        "cahier de diagnostic :\n\n%(body)s\n\nConnectez-vous à Essor pour le lire et "
        "poursuivre votre travail.\n"
    ) % {"section": section, "body": comment.body}
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=body,
            from_email=None,
            recipient_list=[participant.email],
            fail_silently=True,
        )
    )


@transaction.atomic
def add_comment(*, workbook: Workbook, section: str, author, body: str) -> TutorComment:
    if not can_comment(author, workbook):
        raise DomainError(
            "comment_forbidden",
            _("Seul·es le tuteur ou la tutrice de l'auditeur·rice et la coordination commentent."),
        )
    if section not in Section.values:
        raise DomainError("unknown_section", _("Cette section n'existe pas."))
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise DomainError("comment_empty", _("Le commentaire est vide."))
    if len(body) > MAX_COMMENT_CHARS:
        raise DomainError(
            "comment_too_long",
            _("Le commentaire dépasse %(max)s caractères.") % {"max": MAX_COMMENT_CHARS},
        )
    comment = TutorComment.objects.create(
        workbook=workbook, section=section, author=author, body=body, created_at=clock.now()
    )
    if author.pk != workbook.enrolment.user_id:
        _notify(comment, workbook)
    return comment


def section_comments(workbook: Workbook, section: str) -> list[TutorComment]:
    """The comments of one section, oldest first, with their authors: one query."""
    return list(
        TutorComment.objects.filter(workbook=workbook, section=section).select_related("author")
    )
