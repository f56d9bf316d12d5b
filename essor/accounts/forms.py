"""Forms of the account pages. They check input; the services decide and write."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UsernameField
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from essor.cohorts.models import Role

from .demo import demo_allowed, is_demo_password
from .models import Invitation, User


class LoginForm(AuthenticationForm):
    username = UsernameField(
        label=_("Identifiant ou adresse électronique"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Identifiant ou mot de passe incorrect. Vérifiez votre saisie : les majuscules "
            "comptent dans le mot de passe."
        ),
        "inactive": _("Ce compte est désactivé. Contactez la coordination."),
        "demo_disabled": _(
            "Les comptes de démonstration sont désactivés sur cette installation : "
            "connectez-vous avec votre propre mot de passe."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm caps the field at the username's length; an e-mail may be longer.
        email_length = User._meta.get_field("email").max_length
        self.fields["username"].max_length = email_length
        self.fields["username"].widget.attrs["maxlength"] = email_length

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # The backend refused the demo password (and the throttle counted it): say why.
            if is_demo_password(self.cleaned_data.get("password")) and not demo_allowed():
                raise ValidationError(
                    self.error_messages["demo_disabled"], code="demo_disabled"
                ) from None
            raise


class ResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Rôle dans la promotion"), choices=Role.choices)


class AcceptInvitationForm(forms.Form):
    """A new account: an identifier, and the password typed twice."""

    username = forms.CharField(
        label=_("Identifiant"),
        max_length=150,
        help_text=_("Lettres, chiffres et les signes @ . + - _ ; 150 caractères au plus."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Mot de passe (confirmation)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        self.invitation = invitation
        kwargs.setdefault("initial", {"username": invitation.email.split("@")[0]})
        super().__init__(*args, **kwargs)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(
                _("Cet identifiant est déjà pris : choisissez-en un autre."), code="username_taken"
            )
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2", ValidationError(_("Les deux mots de passe ne sont pas identiques."))
            )
        elif password1:
            # Judge the password against the person it will belong to (name, e-mail).
            someone = User(
                username=cleaned.get("username", ""),
                email=self.invitation.email,
                first_name=self.invitation.first_name,
                last_name=self.invitation.last_name,
            )
            try:
                validate_password(password1, someone)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        required=False,
        help_text=_("Pour le reconnaître plus tard, par exemple « tableur de suivi »."),
    )
