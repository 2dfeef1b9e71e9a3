"""The headers every page carries, and templates that keep to the Content-Security-Policy."""

import re
from pathlib import Path

import pytest

from tests.factories import PASSWORD

TEMPLATES = sorted(
    (Path(__file__).resolve().parents[2] / "wegwijzer").glob("**/templates/**/*.html")
)
# What a strict CSP refuses: a <script> without src, a <style> element, a style= or on...=
# attribute, a javascript: URL.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


def test_pages_carry_a_strict_content_security_policy(db, client):
    response = client.get("/accounts/login/")

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_pages_may_not_be_framed_and_leak_no_referrer_elsewhere(db, client):
    response = client.get("/accounts/login/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_session_cookie_is_not_readable_by_scripts(client, coordinator):
    response = client.post(
        "/accounts/login/", {"username": coordinator.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_hold_no_inline_script_or_style(template):
    assert INLINE.findall(template.read_text()) == []
