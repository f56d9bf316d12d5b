"""Essor settings: one file, every value from the environment, nonsense refused loudly.

Development defaults (used by `make run` and `make test`) need nothing set; production
needs SECRET_KEY, ALLOWED_HOSTS and DEBUG=0, and then passes `manage.py check --deploy`.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ESSOR_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on", "oui"}
_FALSE = {"0", "false", "no", "off", "non", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} n'est pas un booléen (attendu : 1/0, true/false).")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} n'est pas un entier.") from exc


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# On by default so that a fresh checkout runs (as `make run` does); production sets
# DEBUG=0, which then requires SECRET_KEY and ALLOWED_HOSTS.
DEBUG = envbool("DEBUG", True)
# Demo accounts (password "essor-demo") are refused unless DEBUG or ESSOR_DEMO is on.
ESSOR_DEMO = envbool("ESSOR_DEMO", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        if not DEBUG and len(key) < 50:
            raise ImproperlyConfigured(
                "SECRET_KEY doit compter au moins 50 caractères en production."
            )
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY est obligatoire quand DEBUG=0.")
    # Development: generate once and keep it, so sessions survive a restart.
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS est obligatoire quand DEBUG=0 (liste séparée par des virgules)."
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "essor.core",
    "essor.accounts",
    "essor.programmes",
    "essor.cohorts",
    "essor.coursework",
    "essor.attendance",
    "essor.certification",
    "essor.workbook",
    "essor.foresight",
    "essor.surveys",
    "essor.quality",
    "essor.privacy",
    "essor.documents",
    "essor.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a lockout into the French lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "essor.urls"
WSGI_APPLICATION = "essor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'essor.sqlite3'}"
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} : seuls sqlite:///… et postgres://… sont pris en charge."
        )
    # Connections are kept between requests on SQLite too: opening the file and running the
    # PRAGMAs below cost more than most pages' queries.
    config = dj_database_url.parse(url, conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN
        # so two concurrent writers queue on the busy timeout instead of failing mid-way.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        config["TEST"] = {"NAME": None}
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database()}

# Each worker keeps its own small in-memory caches: `pages` holds rendered pages until the
# data they show may have changed (essor.core.pagecache; off with ESSOR_PAGE_CACHE=0).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "essor-pages",
        "OPTIONS": {"MAX_ENTRIES": 400},
    },
}
ESSOR_PAGE_CACHE = envbool("ESSOR_PAGE_CACHE", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out username + address pairs before any password is checked.
    "essor.accounts.throttle.ThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Replaces ModelBackend (which would let the demo password through by username).
    "essor.accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/home/"
LOGOUT_REDIRECT_URL = "/"

# Login throttling (django-axes): 5 failures for one account from one address lock that
# pair for 15 minutes; another account, or the same one elsewhere, is not affected.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "essor.accounts.throttle.lockout_username"
AXES_LOCKOUT_CALLABLE = "essor.accounts.throttle.lockout_response"
# Behind reverse proxies, how many of them stand in front of Essor (their X-Forwarded-For
# gives the client's address); 0 when Essor is reached directly.
ESSOR_PROXY_COUNT = envint("ESSOR_PROXY_COUNT", 0)
if ESSOR_PROXY_COUNT < 0:
    raise ImproperlyConfigured("ESSOR_PROXY_COUNT doit être un entier positif ou nul.")
AXES_CLIENT_IP_CALLABLE = "essor.accounts.throttle.client_ip"
# Successful logins are not journaled: personal data Essor has no use for.
AXES_DISABLE_ACCESS_LOG = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "essor.accounts.demo.NotTheDemoPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "essor" / "locale"]
# French numbers grouped by a narrow no-break space, as essor.core.numbers writes them.
FORMAT_MODULE_PATH = ["essor.core.locale_formats"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("ESSOR_MEDIA_ROOT", VAR_DIR / "media"))

# E-mail: console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Essor <essor@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Absolute links in e-mails (invitations, password reset) and documents.
ESSOR_BASE_URL = os.environ.get("ESSOR_BASE_URL", "http://127.0.0.1:8000")
ESSOR_INVITATION_DAYS = envint("ESSOR_INVITATION_DAYS", 14)
# Open Badges: the Ed25519 signing key (a JWK JSON or a PEM), inline or in a file;
# generated into VAR_DIR/badge-key.json on first use when DEBUG and not configured.
ESSOR_BADGE_KEY = os.environ.get("ESSOR_BADGE_KEY", "")
ESSOR_BADGE_KEY_FILE = os.environ.get("ESSOR_BADGE_KEY_FILE", "")
ESSOR_ISSUER_NAME = os.environ.get("ESSOR_ISSUER_NAME", "Cnam — Essor")
# Whether a missing badge key may be generated: development only (decided from DEBUG
# at start-up, so that test runs started with DEBUG=1 keep a key).
ESSOR_BADGE_DEV_KEY = DEBUG
ESSOR_CV_MAX_BYTES = envint("ESSOR_CV_MAX_BYTES", 5 * 1024 * 1024)
ESSOR_VERIFY_RATE_LIMIT = envint("ESSOR_VERIFY_RATE_LIMIT", 30)  # look-ups a minute per address
ESSOR_STATEMENT_MAX_BYTES = envint("ESSOR_STATEMENT_MAX_BYTES", 10 * 1024 * 1024)

# Production hardening (check --deploy).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read with one plain query (essor/accounts/sessions.py).
SESSION_ENGINE = "essor.accounts.sessions"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
