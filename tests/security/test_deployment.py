"""Deployment settings: a stable secret key with no configuration, `check --deploy` clean with
the HTTPS switches on, sign-in behind a TLS proxy, and the Content-Security-Policy header.

Settings are read once per process, so the environment's effect is checked in fresh processes
of `manage.py`, as a server would start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "NEWSDESK_HTTPS": "on",
    "NEWSDESK_BEHIND_TLS_PROXY": "on",
    "NEWSDESK_ALLOWED_HOSTS": "news.example.org",
    "NEWSDESK_CSRF_TRUSTED_ORIGINS": "https://news.example.org",
}


def manage(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # The browser tests allow Django's async-unsafe calls in this process; a deployment
    # never does, and its checks say so.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("NEWSDESK_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(NEWSDESK_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="newsdesk.settings")
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def secret_key(data_dir: Path) -> str:
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = manage(data_dir, "shell", "-v", "0", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_it_keeps_one_secret_key_across_restarts_in_a_file_only_its_owner_reads(tmp_path):
    first, second = secret_key(tmp_path), secret_key(tmp_path)
    assert first == second
    assert len(first) >= 50
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_it_passes_the_deployment_checks_with_the_https_switches_on(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_fails_the_deployment_checks_without_https(tmp_path):
    """The check above can fail: without the switches, Django names what is missing."""
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr


@pytest.mark.django_db
def test_it_signs_in_behind_a_tls_proxy_without_a_csrf_error(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["news.example.org"]
    get_user_model().objects.create_user("mira", password="harbour-lights-2026")
    browser = Client(enforce_csrf_checks=True)
    proxied = {"HTTP_HOST": "news.example.org", "HTTP_X_FORWARDED_PROTO": "https"}
    browser.get("/accounts/login/", **proxied)
    response = browser.post(
        "/accounts/login/",
        {
            "username": "mira",
            "password": "harbour-lights-2026",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
        },
        HTTP_ORIGIN="https://news.example.org",
        **proxied,
    )
    assert response.status_code == 302


def test_it_reads_the_proxy_switch_from_the_environment(tmp_path):
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = manage(tmp_path, "shell", "-v", "0", "-c", code, **PRODUCTION)
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_that_allows_no_foreign_scripts(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
