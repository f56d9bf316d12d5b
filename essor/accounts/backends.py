"""Log in with a username or an e-mail address, whatever the case of either."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from .demo import demo_allowed, is_demo_password
from .models import User


def find_login_user(identifier: str) -> User | None:
    """The account an identifier typed at login names, or None.

    An exact username wins, then a username differing only by case (if it names a single
    account), then the e-mail address (unique whatever the case).
    """
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    folded = identifier.casefold()
    candidates = list(
        User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))[:5]
    )
    for user in candidates:
        if user.username == identifier:
            return user
    by_username = [u for u in candidates if u.username.casefold() == folded]
    if by_username:
        # Two accounts "Alice" and "alice": guessing would open the wrong one.
        return by_username[0] if len(by_username) == 1 else None
    by_email = [u for u in candidates if u.email.casefold() == folded]
    return by_email[0] if len(by_email) == 1 else None


# Identifiers from the model, the value as a parameter.
_USER_BY_PK = f'SELECT * FROM "{User._meta.db_table}" WHERE "{User._meta.pk.column}" = %s'  # noqa: S608


class UsernameOrEmailBackend(ModelBackend):
    """Django's ModelBackend (permissions included), reached by username or e-mail."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        if is_demo_password(password) and not demo_allowed():
            # PermissionDenied stops every later backend and still counts as a failure
            # for the throttle: the public demo password must not open a real installation.
            raise PermissionDenied("demo password refused")
        user = find_login_user(username)
        if user is None:
            # Hash anyway, so the answer's timing does not tell which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in person, on every request: a raw query on the model's own table
        (its values converted as the ORM converts them) rather than `get()`, which builds
        and compiles the same query each time for twice the cost."""
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = next(iter(User.objects.raw(_USER_BY_PK, [pk])), None)
        return user if user is not None and self.user_can_authenticate(user) else None
