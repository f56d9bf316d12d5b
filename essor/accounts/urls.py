from django.urls import path

from .views import account, invitations, login

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", login.LoginView.as_view(), name="login"),
    path("accounts/logout/", login.LogoutView.as_view(), name="logout"),
    path("accounts/password/", login.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/password-reset/", login.PasswordResetView.as_view(), name="password-reset"),
    path(
        "accounts/password-reset/sent/",
        login.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        login.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "accounts/reset/done/",
        login.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("accounts/me/", account.me, name="me"),
    path("accounts/me/tokens/", account.token_create, name="token-create"),
    path("accounts/me/tokens/<int:token_id>/revoke/", account.token_revoke, name="token-revoke"),
    path(
        "cohorts/<slug:slug>/invitations/",
        invitations.cohort_invitations_page,
        name="invitations",
    ),
    path(
        "cohorts/<slug:slug>/invitations/<int:invitation_id>/resend/",
        invitations.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "cohorts/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        invitations.invitation_revoke,
        name="invitation-revoke",
    ),
    path("invitations/<str:token>/", invitations.accept, name="accept-invitation"),
]
