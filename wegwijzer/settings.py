"""Settings for Wegwijzer, read from environment variables.

Safe defaults: DEBUG is off unless asked for, a SECRET_KEY is required when it is off,
and without DATABASE_URL the embedded SQLite database in var/ is used. The README lists
every variable.
"""

import datetime
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-only-for-local-development")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured("Set SECRET_KEY (a long random string) when DEBUG is off.")

# Keys for the encrypted fields (medical notes, passport and insurance numbers), newest
# first, comma-separated; see README. Without them those fields cannot be read: back them up.
if DEBUG:
    FIELD_ENCRYPTION_KEYS = env.list(
        "FIELD_ENCRYPTION_KEY", default=["ZGV2LWtleS1uZXZlci11c2UtZm9yLXJlYWwtZGF0YSE="]
    )
else:
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY", default=[])
    if not FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured(
            "Set FIELD_ENCRYPTION_KEY when DEBUG is off; the README says how to make one."
        )
for _key in FIELD_ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError as _invalid:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY holds a key that is not a Fernet key (32 url-safe base64 bytes)."
        ) from _invalid

# Students whose last stay abroad ended this many years ago are erased (anonymised)
# automatically; see README for why five.
RETENTION_YEARS = env.int("RETENTION_YEARS", default=5)
# A checklist item is never due before the day its stay was created plus this many days,
# so a stay made late is not born with overdue items (mobilities.rules.due_date).
CHECKLIST_GRACE_DAYS = env.int("CHECKLIST_GRACE_DAYS", default=14)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Wegwijzer's own apps come first, so their templates (such as the password reset
    # e-mail) take the place of Django's defaults.
    "wegwijzer.core",
    "wegwijzer.accounts",
    "wegwijzer.programmes",
    "wegwijzer.students",
    "wegwijzer.hosts",
    "wegwijzer.mobilities",
    "wegwijzer.documents",
    "wegwijzer.audit",
    "wegwijzer.privacy",
    "wegwijzer.links",
    "wegwijzer.bulk",
    "wegwijzer.care",
    # After mobilities: its demo reads the demo's destinations.
    "wegwijzer.travel",
    "wegwijzer.whereabouts",
    "wegwijzer.funding",
    "wegwijzer.europass",
    # After funding: a budget reads the mobility's Erasmus+ grant.
    "wegwijzer.budgets",
    "wegwijzer.notifications",
    "wegwijzer.calendars",
    # After mobilities and documents: goals, reviews, reflection and assessment of a stay.
    "wegwijzer.learning",
    # After mobilities and documents: posts and ambassadors hang on a stay, photos are
    # kept like documents.
    "wegwijzer.experiences",
    # After mobilities and notifications: the contact log of stays abroad (issue 15).
    "wegwijzer.contacts",
    "wegwijzer.agreements",
    # After students and notifications: accounts and messages for a whole cohort (issue 17).
    "wegwijzer.cohort",
    # After mobilities: a group stay's members are mobilities; its demo is the last.
    "wegwijzer.groups",
    # After students, hosts and accounts: the cohort import fills them from a file (issue 17).
    "wegwijzer.imports",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Moves the session's end on, writing it at most once every few minutes (below).
    "wegwijzer.core.middleware.SessionRenewalMiddleware",
    "wegwijzer.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "wegwijzer.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
    # After every other process_view (CSRF, login, two-factor): it calls the view of a
    # request that may write in one transaction (instead of ATOMIC_REQUESTS, below).
    "wegwijzer.core.middleware.WritingRequestsAtomicMiddleware",
]

ROOT_URLCONF = "wegwijzer.urls"
WSGI_APPLICATION = "wegwijzer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wegwijzer.core.context_processors.navigation",
                "wegwijzer.notifications.context_processors.unread_notifications",
                "wegwijzer.core.context_processors.school_language",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'wegwijzer.sqlite3'}"),
}
# Not ATOMIC_REQUESTS: a request that may write (POST ...) runs its view in one transaction
# (core.middleware.WritingRequestsAtomicMiddleware), a reading one (GET) in none, so reading
# pages never wait for SQLite's write lock.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers read while one writer writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        # A transaction takes the write lock when it begins, not halfway through when it
        # first writes: a writer then waits its turn (timeout) instead of failing at once.
        "transaction_mode": "IMMEDIATE",
        # Seconds a writer waits for the lock (SQLite's busy_timeout) before an error.
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Argon2 for every new or changed password; an older PBKDF2 hash still works and is
# rehashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# django-axes counts failed logins first and refuses a locked-out username at this address
# before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
# A username is locked at one address only: someone guessing elsewhere cannot lock a
# colleague out of the school's own network.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Only failures are kept (username, address, time): successful logins leave no access log.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no banner on every manage.py command
AXES_LOCKOUT_CALLABLE = "wegwijzer.accounts.login.locked_out"
AXES_CLIENT_IP_CALLABLE = "wegwijzer.accounts.lockout.client_ip_address"

# Two-factor authentication (django-otp): every staff user may turn it on; coordinators
# must when this is on, which it is in production unless switched off.
TWO_FACTOR_REQUIRED_FOR_COORDINATORS = env.bool(
    "TWO_FACTOR_REQUIRED_FOR_COORDINATORS", default=not DEBUG
)
OTP_TOTP_ISSUER = "Wegwijzer"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first: the interface speaks Dutch unless the user switches to English.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "wegwijzer" / "locale"]
# Dates as a Dutch school writes them, in both languages ("14 okt 2026", "14 Dec 2026").
FORMAT_MODULE_PATH = ["wegwijzer.formats"]
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Uploaded documents live outside every web root and are served only through a view
# that checks access (documents/views.py).
DOCUMENTS_ROOT = env.path("DOCUMENTS_ROOT", default=VAR_DIR / "documents")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
# Front-end libraries come from npm (package-lock.json) and are collected from
# node_modules; nothing third-party is copied into the repository.
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Background work: a database-backed queue, run by `manage.py db_worker`.
# The test suite runs tasks at once (TASKS_BACKEND=immediate).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = env.str("TASKS_BACKEND", default="database")
if _tasks_backend not in TASKS_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[_tasks_backend], "QUEUES": ["default"]}}

# When an agreement's stored totals are counted again after a change (funding.tallies):
# "on_commit" once the change is committed; "at_once" inside the change's transaction (the
# test suite, whose tests are never committed, so the stored totals are always current).
FUNDING_TALLIES_REFRESH = env.str("FUNDING_TALLIES_REFRESH", default="on_commit")
if FUNDING_TALLIES_REFRESH not in ("on_commit", "at_once"):
    raise ImproperlyConfigured("FUNDING_TALLIES_REFRESH must be on_commit or at_once.")

# E-mail: printed to the console unless EMAIL_URL names an SMTP server,
# e.g. smtp+tls://user:password@smtp.example.org:587 (django-environ's URL format).
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": bool(_email.get("EMAIL_USE_TLS")),
    "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
    "timeout": 30,
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {key: value for key, value in _smtp_options.items() if value is not None}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Wegwijzer <wegwijzer@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Where Wegwijzer is reached, for the links in e-mails sent without a request at hand (the
# notifications app's reminders and digests). Without it: https:// and the first of
# ALLOWED_HOSTS (http://127.0.0.1:8000 in the demo).
SITE_URL = env.str("SITE_URL", default="").rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0]}"
)

# The hour (local time, 0-23) of the daily run: due-item, link and DUO reminders and the
# staff's morning digest (notifications app).
DIGEST_HOUR = env.int("DIGEST_HOUR", default=7)
if not 0 <= DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("DIGEST_HOUR must be an hour from 0 to 23.")

# Links for guardians and host companies, who have no account (links app).
SIGNED_LINK_DAYS = env.int("SIGNED_LINK_DAYS", default=30)
# The school's 24/7 emergency number, shown to guardians with the essentials of a stay;
# with the e-mail address also on every student's emergency card (whereabouts app).
# The demo (DEBUG on) shows made-up ones, so its pages and card show where they go.
SCHOOL_EMERGENCY_PHONE = env.str(
    "SCHOOL_EMERGENCY_PHONE", default="+31 30 123 4567" if DEBUG else ""
)
# The first travel advice colour at which departures are no longer allowed (travel app):
# "orange" allows departures only to green and yellow countries.
TRAVEL_ADVICE_THRESHOLD = env.str("TRAVEL_ADVICE_THRESHOLD", default="orange").lower()
if TRAVEL_ADVICE_THRESHOLD not in ("green", "yellow", "orange", "red"):
    raise ImproperlyConfigured("TRAVEL_ADVICE_THRESHOLD is one of green, yellow, orange, red.")
SCHOOL_EMERGENCY_EMAIL = env.str(
    "SCHOOL_EMERGENCY_EMAIL", default="noodgeval@school.example" if DEBUG else ""
)
# The school's city, "Name, country code", from where the Erasmus+ travel distance is
# measured (funding app). The demo's school is in Utrecht; a real school sets its own, and
# until it does no grant is computed (the mobility page says why). `check --deploy` and
# the web process's start check it (funding/checks.py).
SCHOOL_CITY = env.str("SCHOOL_CITY", default="Utrecht, NL" if DEBUG else "")
# The school as it issues the Europass Mobility (europass app): its legal name and its legal
# identifier (e.g. the KvK number), which the European Digital Credential names its issuer
# by. The demo school has example values; a real school sets its own, and until it does no
# Europass is issued (the Europass page says why).
SCHOOL_NAME = env.str("SCHOOL_NAME", default="Demo College Utrecht" if DEBUG else "")
SCHOOL_LEGAL_IDENTIFIER = env.str("SCHOOL_LEGAL_IDENTIFIER", default="00000000" if DEBUG else "")

# Security. HTTPS defaults to on whenever DEBUG is off: plain http is redirected, cookies
# are Secure and HSTS keeps browsers on https. Keep it on behind a proxy that terminates
# TLS as well, and set BEHIND_PROXY=1 there (below): the proxy's X-Forwarded-Proto then
# tells Django a request came over https. HTTPS=0 is for a laptop without TLS only.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a proxy the client's address is the last one the proxy adds to X-Forwarded-For
# (core.http.client_ip); REMOTE_ADDR is then the proxy's own. The proxy must set
# X-Forwarded-Proto, or every request looks like plain http and is redirected.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# A session ends after this many minutes without a request: a request moves the end on,
# writing the session at most once every few minutes (core.middleware.SessionRenewalMiddleware),
# not on every page view as SESSION_SAVE_EVERY_REQUEST would.
SESSION_COOKIE_AGE = env.int("SESSION_INACTIVITY_MINUTES", default=60) * 60
SESSION_SAVE_EVERY_REQUEST = False
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Everything a page loads comes from Wegwijzer itself, and nothing inline: no <script> or
# <style> element in a template, no style= or on...= attribute. htmx is told not to add its
# own <style> (see base.html); a page's scripts and styles are files under static/.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A guardian's or host's link is a key: paths of /link/<token>/ are logged without it.
    "filters": {"hide_link_tokens": {"()": "wegwijzer.links.logging.HideLinkTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["hide_link_tokens"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own loggers pass their records on to that filtered handler instead of
    # printing them with handlers of their own.
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # django-axes tells of every login at INFO; failures and lockouts are warnings.
        "axes": {"level": "WARNING"},
        # WeasyPrint (the emergency card) tells of each step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}
