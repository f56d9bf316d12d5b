"""Forms of the roll call and of absence notices.

Forms check the shape of the input (a known status, a whole number, a real PDF or image)
and re-render it; the attendance rules (minutes needed and within the half-day, a
justification for an excused absence, the slot still to come) live in rollcall.py, whose
DomainError the view places on the matching field.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.cohorts.forms import AccessibleErrorsMixin
from essor.core.uploads import check_document

from .models import AttendanceStatus

JUSTIFICATION_MAX_BYTES = 5 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# The stored file's extension, from what the content turned out to be.
JUSTIFICATION_EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg"}


def _too_big() -> ValidationError:
    return ValidationError(
        _("Le justificatif dépasse la taille maximale de %(max)s.")
        % {"max": filesizeformat(JUSTIFICATION_MAX_BYTES)},
        code="too_big",
    )


def check_justification(upload: UploadedFile) -> str:
    """The kind of a justification ("pdf", "png" or "jpeg"), judged by its content, not by
    its name; ValidationError (French) if it is empty, over 5 MB or anything else.

    A doctor's note arrives as a scan (PDF) or a phone photo (JPEG, PNG): PDFs go through
    the project's document check (readable, not only a header); images are recognised by
    their magic bytes, which is what a browser would trust when showing them."""
    if upload.size is not None and upload.size > JUSTIFICATION_MAX_BYTES:
        raise _too_big()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        try:
            check_document(upload, allowed=("pdf",), max_bytes=JUSTIFICATION_MAX_BYTES)
        except ValidationError as exc:
            if exc.code == "too_big":
                raise _too_big() from exc
            raise
        return "pdf"
    if not head:
        raise ValidationError(_("Le fichier est vide."), code="empty")
    if head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC):
        # The size may be unknown (a stream): count what is there, up to the cap.
        data = upload.read(JUSTIFICATION_MAX_BYTES + 1)
        upload.seek(0)
        if len(data) > JUSTIFICATION_MAX_BYTES:
            raise _too_big()
        return "png" if head.startswith(PNG_MAGIC) else "jpeg"
    raise ValidationError(
        _(
            "Le justificatif doit être un PDF ou une image JPEG ou PNG (son contenu a été "
            "vérifié, pas seulement son nom)."
        ),
        code="wrong_type",
    )


class RollCallForm(AccessibleErrorsMixin, forms.Form):
    """One participant's status for one half-day, with the reason for the change.

    Rendered once per row with the prefix « row-<enrolment id> », so every control of the
    page has its own id and label."""

    status = forms.ChoiceField(label=gettext_lazy("Statut"), choices=AttendanceStatus.choices)
    minutes = forms.IntegerField(
        label=gettext_lazy("Minutes de retard ou de départ anticipé"),
        required=False,
        min_value=0,
        help_text=gettext_lazy("Seulement pour un retard ou un départ anticipé."),
        error_messages={
            "invalid": gettext_lazy("Saisissez un nombre entier de minutes."),
            "min_value": gettext_lazy("Saisissez un nombre de minutes positif."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "1"}),
    )
    justification = forms.FileField(
        label=gettext_lazy("Justificatif"),
        required=False,
        # Empty files get the same French message as the other checks.
        allow_empty_file=True,
        help_text=gettext_lazy(
            "Pour une absence justifiée : PDF, JPEG ou PNG, 5 Mo au plus. "
            "Un justificatif déjà joint est conservé."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"}
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif de la correction"),
        max_length=1000,
        error_messages={"required": gettext_lazy("Indiquez le motif de la correction.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_justification(self):
        upload = self.cleaned_data.get("justification")
        if upload:
            self.justification_kind = check_justification(upload)
        return upload

    def minutes_for(self, status: str) -> tuple[int, int]:
        """(minutes late, minutes left early): the one typed minutes field goes to the
        status that uses it."""
        minutes = self.cleaned_data.get("minutes") or 0
        if status == AttendanceStatus.LATE:
            return minutes, 0
        if status == AttendanceStatus.LEFT_EARLY:
            return 0, minutes
        return 0, 0


NOT_IN_COHORT = gettext_lazy("Cette demi-journée n'appartient pas à votre promotion.")


class AbsenceNoticeForm(AccessibleErrorsMixin, forms.Form):
    """Half-days of the participant's cohort and a reason. The template shows only the
    half-days still to come; a started one sent anyway is refused by the service."""

    slots = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Demi-journées concernées"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Cochez au moins une demi-journée."),
            "invalid_choice": NOT_IN_COHORT,
            "invalid_pk_value": NOT_IN_COHORT,
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif de l'absence"),
        max_length=2000,
        help_text=gettext_lazy("Transmis à la coordination pédagogique et à votre tuteur·rice."),
        error_messages={"required": gettext_lazy("Indiquez le motif de votre absence.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].queryset = cohort.slots.select_related("module", "cohort")
