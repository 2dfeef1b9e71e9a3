"""The environment the benchmark's generator and server share.

The generator writes encrypted fields and signed values with these keys, so the server that
is measured must run with the same ones. DEBUG stays off: that is how a school runs it
(compressed static files, no debug toolbar, templates cached). Nothing here is secret:
the keys are for generated data only.
"""

import os
from pathlib import Path

BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-not-secret-benchmark-only-not-secret",
    "FIELD_ENCRYPTION_KEY": "YmVuY2htYXJrLWtleS1vbmx5LWZvci1mYWtlLWRhdGE=",
    # Plain http on 127.0.0.1: no redirect to https, cookies without the Secure flag.
    "HTTPS": "0",
    # The demo logins log in with their password alone.
    "TWO_FACTOR_REQUIRED_FOR_COORDINATORS": "0",
    # Grants are computed from the school's city, as in the demo.
    "SCHOOL_CITY": "Utrecht, NL",
    "SCHOOL_NAME": "Benchmark College",
    "SCHOOL_LEGAL_IDENTIFIER": "00000000",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # The benchmark logs in many times from one address.
    "LOGIN_FAILURE_LIMIT": "1000",
    "STATIC_ROOT": str(Path(__file__).resolve().parent.parent / "var" / "bench-static"),
    "LOG_LEVEL": "WARNING",
}


def apply() -> None:
    """Set every benchmark variable that the caller has not set already."""
    for name, value in BENCH_ENV.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijzer.settings")
