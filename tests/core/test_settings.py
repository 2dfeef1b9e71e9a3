"""The settings module, loaded in a fresh process with a chosen environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "k3Jx9vQ2mL7pR4tW8yB1nC6fH0sD5gZ-aE_uI2oP9qT4rY7wX1zV3bN6mK8jL0hG",
    "ALLOWED_HOSTS": "wegwijzer.school.example",
    "DATABASE_URL": "postgres://wegwijzer@db.school.example/wegwijzer",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.school.example:587",
    "FIELD_ENCRYPTION_KEY": "bW9yZS1zZWNyZXQtdGhhbi10aGlzLWluLXByb2R1Y3Q=",
}


def run(args: list[str], **environment: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in _OUR_VARIABLES}
    clean["DJANGO_SETTINGS_MODULE"] = "wegwijzer.settings"
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args],
        cwd=ROOT,
        env=clean | environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


_OUR_VARIABLES = {
    "DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "EMAIL_URL", "HTTPS", "TASKS_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE", "FIELD_ENCRYPTION_KEY", "RETENTION_YEARS",
    "TWO_FACTOR_REQUIRED_FOR_COORDINATORS", "SESSION_INACTIVITY_MINUTES", "LOGIN_FAILURE_LIMIT",
    "LOGIN_LOCKOUT_MINUTES", "TRAVEL_ADVICE_THRESHOLD", "SCHOOL_EMERGENCY_EMAIL",
    "SCHOOL_CITY", "SCHOOL_EMERGENCY_PHONE", "SITE_URL", "DIGEST_HOUR", "SIGNED_LINK_DAYS",
}  # fmt: skip


def setting(name: str, **environment: str) -> str:
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = run(["-c", code], **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_is_clean_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_is_off_unless_asked_for():
    key = PRODUCTION["FIELD_ENCRYPTION_KEY"]
    assert setting("DEBUG", SECRET_KEY="x" * 50, FIELD_ENCRYPTION_KEY=key) == "False"
    assert setting("DEBUG", DEBUG="1") == "True"


def test_secret_key_is_required_when_debug_is_off():
    result = run(["manage.py", "check"])

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_field_encryption_key_is_required_when_debug_is_off():
    result = run(["manage.py", "check"], SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "Set FIELD_ENCRYPTION_KEY" in result.stderr


def test_field_encryption_keys_are_a_comma_separated_list_checked_at_start():
    new, old = PRODUCTION["FIELD_ENCRYPTION_KEY"], "dGVzdC1zdWl0ZS1rZXktbm90LWEtcmVhbC1zZWNyZXQ="

    keys = setting("FIELD_ENCRYPTION_KEYS", **PRODUCTION | {"FIELD_ENCRYPTION_KEY": f"{new},{old}"})
    broken = run(["manage.py", "check"], **PRODUCTION | {"FIELD_ENCRYPTION_KEY": "not-a-key"})

    assert keys == str([new, old])
    assert broken.returncode != 0
    assert "not a Fernet key" in broken.stderr


def test_retention_is_five_years_unless_set():
    assert setting("RETENTION_YEARS", DEBUG="1") == "5"
    assert setting("RETENTION_YEARS", DEBUG="1", RETENTION_YEARS="7") == "7"


def test_sqlite_in_var_is_the_default_database():
    name = setting("DATABASES['default']['NAME']", DEBUG="1")
    engine = setting("DATABASES['default']['ENGINE']", DEBUG="1")

    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "var" / "wegwijzer.sqlite3")


def test_database_url_chooses_postgresql():
    engine = setting("DATABASES['default']['ENGINE']", **PRODUCTION)

    assert engine == "django.db.backends.postgresql"


def test_email_goes_to_the_console_by_default_and_to_smtp_when_configured():
    assert setting("MAILERS['default']['BACKEND']", DEBUG="1").endswith("console.EmailBackend")
    smtp = setting("MAILERS['default']", **PRODUCTION)
    assert "smtp.EmailBackend" in smtp
    assert "'host': 'smtp.school.example'" in smtp and "'use_tls': True" in smtp


def test_tasks_use_the_database_worker_by_default():
    backend = setting("TASKS['default']['BACKEND']", DEBUG="1")

    assert backend == "django_tasks_db.DatabaseBackend"


def test_unknown_tasks_backend_is_refused_with_a_clear_message():
    result = run(["manage.py", "check"], DEBUG="1", TASKS_BACKEND="redis")

    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, immediate" in result.stderr


def test_two_factor_is_required_for_coordinators_in_production_only():
    assert setting("TWO_FACTOR_REQUIRED_FOR_COORDINATORS", **PRODUCTION) == "True"
    assert setting("TWO_FACTOR_REQUIRED_FOR_COORDINATORS", DEBUG="1") == "False"
    switched_off = {**PRODUCTION, "TWO_FACTOR_REQUIRED_FOR_COORDINATORS": "0"}
    assert setting("TWO_FACTOR_REQUIRED_FOR_COORDINATORS", **switched_off) == "False"


def test_session_inactivity_and_lockout_come_from_the_environment():
    chosen = {"SESSION_INACTIVITY_MINUTES": "30", "LOGIN_FAILURE_LIMIT": "3",
              "LOGIN_LOCKOUT_MINUTES": "60"}  # fmt: skip

    assert setting("SESSION_COOKIE_AGE", DEBUG="1", **chosen) == "1800"
    assert setting("AXES_FAILURE_LIMIT", DEBUG="1", **chosen) == "3"
    assert setting("AXES_COOLOFF_TIME", DEBUG="1", **chosen) == "1:00:00"


def test_the_school_emergency_email_comes_from_the_environment():
    address = "noodgeval@mbo-utrecht.example"
    assert setting("SCHOOL_EMERGENCY_EMAIL", DEBUG="1", SCHOOL_EMERGENCY_EMAIL=address) == address
    assert (
        setting("SCHOOL_EMERGENCY_EMAIL", **PRODUCTION, SCHOOL_EMERGENCY_EMAIL=address) == address
    )


def test_the_school_emergency_contacts_are_set_in_the_demo_and_unset_in_production():
    assert setting("SCHOOL_EMERGENCY_PHONE", DEBUG="1") == "+31 30 123 4567"
    assert setting("SCHOOL_EMERGENCY_EMAIL", DEBUG="1") == "noodgeval@school.example"
    assert setting("SCHOOL_EMERGENCY_PHONE", **PRODUCTION) == ""
    assert setting("SCHOOL_EMERGENCY_EMAIL", **PRODUCTION) == ""


def test_school_city_is_utrecht_in_the_demo_and_unset_in_production():
    assert setting("SCHOOL_CITY", DEBUG="1") == "Utrecht, NL"
    assert setting("SCHOOL_CITY", **PRODUCTION) == ""
    assert setting("SCHOOL_CITY", **PRODUCTION, SCHOOL_CITY="Zwolle, NL") == "Zwolle, NL"
    assert setting("SCHOOL_CITY", DEBUG="1", SCHOOL_CITY="Zwolle, NL") == "Zwolle, NL"


def test_check_deploy_refuses_a_school_city_it_does_not_know():
    result = run(["manage.py", "check", "--deploy"], **PRODUCTION, SCHOOL_CITY="Nergenshuizen, NL")

    assert result.returncode != 0
    assert "SCHOOL_CITY is not a city Wegwijzer knows" in result.stderr


# A request as gunicorn gets it from a TLS-terminating proxy: plain http, with the proxy's
# X-Forwarded-Proto; printed as the security middleware answers it.
PROXIED_REQUEST = """
import django; django.setup()
from django.conf import settings
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory
request = RequestFactory().get(
    "/", HTTP_HOST="wegwijzer.school.example", HTTP_X_FORWARDED_PROTO="https"
)
response = SecurityMiddleware(lambda request: HttpResponse())(request)
print(response.status_code, response.get("Strict-Transport-Security"),
      settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)
"""


def test_behind_a_proxy_https_stays_on_and_the_forwarded_scheme_is_trusted():
    result = run(["-c", PROXIED_REQUEST], **PRODUCTION, BEHIND_PROXY="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "max-age=31536000;", "includeSubDomains;",
                                     "preload", "True", "True"]  # fmt: skip


def test_without_behind_proxy_a_forwarded_scheme_is_not_believed():
    result = run(["-c", PROXIED_REQUEST], **PRODUCTION, BEHIND_PROXY="0")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["301", "None", "True", "True"]


def test_links_in_emails_lead_to_the_site_url_or_the_first_allowed_host():
    assert setting("SITE_URL", DEBUG="1") == "http://127.0.0.1:8000"
    assert setting("SITE_URL", **PRODUCTION) == "https://wegwijzer.school.example"
    assert (
        setting("SITE_URL", **PRODUCTION, SITE_URL="https://reis.school.example/")
        == "https://reis.school.example"
    )


def test_the_daily_run_hour_comes_from_the_environment_and_is_checked():
    assert setting("DIGEST_HOUR", DEBUG="1") == "7"
    assert setting("DIGEST_HOUR", DEBUG="1", DIGEST_HOUR="6") == "6"
    result = run(["-c", "import django; django.setup()"], DEBUG="1", DIGEST_HOUR="25")
    assert "DIGEST_HOUR must be an hour from 0 to 23." in result.stderr
