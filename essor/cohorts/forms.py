"""Forms of the application, the admission decision and the enrolment status.

Forms only check input and re-render it; the rules live in admissions.py and services.py.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.core.uploads import check_document

from .admissions import APPLICATION_FIELDS, EXPECTED_LEVEL, Decision
from .models import Application, EnrolmentStatus
from .siren import clean_siren


class AccessibleErrorsMixin:
    """Ties each field to its help text and its error list (aria-describedby) and marks
    invalid fields (aria-invalid), so a screen reader announces the message with the field.
    The ids are those rendered by cohorts/application_field.html."""

    def _describe(self, name: str, *, invalid: bool) -> None:
        field = self.fields[name]
        auto_id = self[name].auto_id
        ids = [f"{auto_id}-help"] if field.help_text else []
        if invalid:
            ids.insert(0, f"{auto_id}-error")
            field.widget.attrs["aria-invalid"] = "true"
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        for name in self.fields:
            self._describe(name, invalid=name in self.errors)

    def add_error(self, field, error):
        # Also after validation: a service's DomainError is placed on its field by the view.
        super().add_error(field, error)
        if field in self.fields:
            self._describe(field, invalid=True)


AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "email": "email",
    "phone": "tel",
    "organisation_name": "organization",
    "position": "organization-title",
}


class ApplicationForm(AccessibleErrorsMixin, forms.ModelForm):
    # Longer than the stored 9 digits: people type « 552 100 554 », cleaned to 552100554.
    siren = forms.CharField(
        label=gettext_lazy("SIREN"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("9 chiffres, espaces acceptés (par exemple 552 100 554)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    cv = forms.FileField(
        label=gettext_lazy("CV (PDF)"),
        # Empty files are refused by check_document, with the same wording as other checks.
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    class Meta:
        model = Application
        fields = APPLICATION_FIELDS
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 8}),
            "vapp_request": forms.Textarea(attrs={"rows": 6}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "employees": gettext_lazy("Nombre de salarié·es de la structure."),
            "volunteers": gettext_lazy("Nombre de bénévoles actifs."),
            "diploma_title": gettext_lazy("Par exemple : Master Économie sociale et solidaire."),
            "vapp_request": gettext_lazy(
                "Obligatoire si votre diplôme le plus élevé est inférieur au niveau 7 "
                "(Bac + 5) : décrivez votre parcours professionnel et vos responsabilités, "
                "qui seront examinés pour une validation des acquis (VAPP)."
            ),
            "motivation": gettext_lazy(
                "Ce que vous attendez de la formation et la question que vous souhaitez "
                "travailler à partir de votre structure."
            ),
            "funding_details": gettext_lazy(
                "Par exemple : nom de l'OPCO, accord de l'employeur en cours."
            ),
            "accessibility_needs": gettext_lazy(
                "Si vous avez besoin d'un aménagement (handicap, santé, "
                "contraintes particulières), décrivez-le : la personne chargée des "
                "aménagements vous contactera."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cv"].help_text = _(
            "Au format PDF, %(max)s au maximum. Son contenu est vérifié."
        ) % {"max": filesizeformat(settings.ESSOR_CV_MAX_BYTES)}
        # Required below level 7 only: the label must not call it optional.
        self.fields["vapp_request"].conditional = True
        for name, token in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def clean_siren(self):
        return clean_siren(self.cleaned_data.get("siren", ""))

    def clean_cv(self):
        cv = self.cleaned_data["cv"]
        check_document(cv, allowed=("pdf",), max_bytes=settings.ESSOR_CV_MAX_BYTES)
        return cv

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("diploma_level")
        if level is not None and int(level) < EXPECTED_LEVEL and not cleaned.get("vapp_request"):
            self.add_error(
                "vapp_request",
                ValidationError(
                    _(
                        "Votre diplôme est d'un niveau inférieur au niveau 7 : décrivez votre "
                        "parcours pour demander une validation des acquis (VAPP)."
                    ),
                    code="vapp_required",
                ),
            )
        return cleaned

    def _post_clean(self):
        # The model's own validation would complain about the missing CV file field and
        # repeat what the form already checked: the service holds the rules.
        pass


# Where a service's DomainError belongs in the application form.
APPLICATION_ERROR_FIELDS = {
    "siren_invalid": "siren",
    "vapp_required": "vapp_request",
    "already_applied": "email",
    "cv_invalid": "cv",
}


def default_decision_message(application: Application, decision: str) -> str:
    """The pre-filled message of each decision, for the coordination to adapt."""
    params = {
        "first_name": application.first_name,
        "programme": application.cohort.programme.title,
        "cohort": application.cohort.title,
    }
    texts = {
        Decision.ADMIT: _(
            "Bonjour %(first_name)s,\n\n"
            "Nous avons le plaisir de vous annoncer que votre candidature à la formation "
            "« %(programme)s » (%(cohort)s) est retenue.\n\n"
            "Vous allez recevoir, dans un message séparé, un lien pour créer votre compte "
            "sur Essor : vous y trouverez votre convocation, le calendrier et la note "
            "d'intention à rédiger avant le premier module.\n\n"
            "Bien cordialement,\nLa coordination pédagogique"
        ),
        Decision.WAITLIST: _(
            "Bonjour %(first_name)s,\n\n"
            "Votre candidature à la formation « %(programme)s » (%(cohort)s) a retenu "
            "notre attention, mais toutes les places sont attribuées pour le moment. Elle est "
            "placée sur liste d'attente : nous reviendrons vers vous dès qu'une place se "
            "libère.\n\n"
            "Bien cordialement,\nLa coordination pédagogique"
        ),
        Decision.REFUSE: _(
            "Bonjour %(first_name)s,\n\n"
            "Nous vous remercions de l'intérêt que vous portez à la formation "
            "« %(programme)s ». Après examen, nous ne pouvons pas retenir votre candidature "
            "pour la promotion %(cohort)s.\n\n"
            "N'hésitez pas à nous écrire pour en parler, ou à candidater à une prochaine "
            "promotion.\n\n"
            "Bien cordialement,\nLa coordination pédagogique"
        ),
    }
    return texts[decision] % params


class DecisionForm(AccessibleErrorsMixin, forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message envoyé au candidat ou à la candidate"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("Pré-rempli : adaptez-le avant d'envoyer."),
    )


class EnrolmentStatusForm(AccessibleErrorsMixin, forms.Form):
    to_status = forms.ChoiceField(label=gettext_lazy("Nouveau statut"))
    reason = forms.CharField(
        label=gettext_lazy("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Obligatoire : il est conservé dans l'historique."),
    )

    # The statuses a coordinator sets by hand (admission is the decision on an application).
    CHOICES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN, EnrolmentStatus.CERTIFIED)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status.value, status.label) for status in self.CHOICES if status != current
        ]
