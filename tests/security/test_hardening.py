"""Issue 9, item 9 (hardening): production settings, the reader pages' CSP, seed_demo's password
and share links that do not come from the request's Host.

Production settings are loaded in a child process (they refuse to load at all with a bad
key or DEBUG, and must not leak into the settings of this test run).
"""

import json
import os
import re
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest
from cryptography.fernet import Fernet

from content.factories import ArticlePageFactory

REPO = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory

factory = RequestFactory()
middleware = SecurityMiddleware(lambda request: HttpResponse("ok"))
plain = middleware(factory.get("/zhengxin/", HTTP_HOST="zhishi.example.com"))
secure = middleware(factory.get("/zhengxin/", HTTP_HOST="zhishi.example.com", HTTP_X_FORWARDED_PROTO="https"))
print(json.dumps({
    "plain_status": plain.status_code, "plain_location": plain.get("Location", ""),
    "secure_status": secure.status_code, "hsts": secure.get("Strict-Transport-Security", ""),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE, "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "debug": settings.DEBUG, "proxy_header": list(settings.SECURE_PROXY_SSL_HEADER or []),
}))
"""


def production(*command: str, **env: str) -> subprocess.CompletedProcess:
    """Run `command` (python arguments) with the production settings and `env`."""
    environment = {
        key: value for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production", ALLOWED_HOSTS="zhishi.example.com",
        CSRF_TRUSTED_ORIGINS="https://zhishi.example.com", LOG_LEVEL="WARNING",
        DATABASE_URL="sqlite:////nonexistent/never-opened.sqlite3", PYTHONPATH=str(REPO),
        DESK_ENCRYPTION_KEYS=Fernet.generate_key().decode(), DESK_LOOKUP_KEY=secrets.token_urlsafe(32),
    )
    environment.update({"PUBLIC_BASE_URL": "https://zhishi.example.com", **env})
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *command], cwd=REPO, env=environment, capture_output=True, text=True, timeout=120,
    )


def random_key() -> str:
    return secrets.token_urlsafe(50)


def test_check_deploy_is_clean_at_warning_level_with_production_settings():
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=random_key())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_redirects_to_https_and_sends_hsts_behind_the_proxy():
    result = production("-c", PROBE, SECRET_KEY=random_key())
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["plain_status"] == 301
    assert found["plain_location"] == "https://zhishi.example.com/zhengxin/"
    assert found["secure_status"] == 200
    assert found["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert found["session_cookie_secure"] and found["csrf_cookie_secure"] and not found["debug"]
    assert found["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_refuses_debug():
    result = production("manage.py", "check", SECRET_KEY=random_key(), DEBUG="true")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DEBUG" in result.stderr


@pytest.mark.parametrize(
    ("address", "reason"),
    [("", "未设置"), ("http://zhishi.example.com", "https://"), ("https://127.0.0.1:8000", "指向本机"), ("zhishi", "不是有效")],
)
def test_production_refuses_a_missing_or_unsafe_public_base_url(address, reason):
    result = production("manage.py", "check", SECRET_KEY=random_key(), PUBLIC_BASE_URL=address)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "PUBLIC_BASE_URL" in result.stderr and reason in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "",
        "short-but-random-Xk29",
        "a" * 64,
        "ab" * 32,
        "Ab3$x9Qz" * 8,
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "django-insecure-" + secrets.token_urlsafe(50),
        "correct horse battery staple purple monkey dishwasher river",
    ],
)
def test_production_refuses_a_secret_key_of_low_entropy(key):
    result = production("manage.py", "check", SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", [secrets.token_urlsafe(50), secrets.token_hex(32), secrets.token_hex(25)])
def test_production_accepts_a_random_key(key):
    from cms.keys import secret_key_problem

    assert secret_key_problem(key) is None


# The reader pages' Content-Security-Policy


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_reader_pages_send_a_csp_without_inline_script_and_have_none(client, site_tree):
    article = ArticlePageFactory(parent=site_tree["credit"], body__2="quiz")
    for url in ("/", site_tree["credit"].url, article.url, "/search/?q=征信"):
        response = client.get(url)
        directives = csp_directives(response)
        assert directives["script-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]
        assert "'unsafe-inline'" not in directives.get("default-src", [])
        html = response.content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts and all(" src=" in tag for tag in scripts), scripts
        assert not re.search(r"\son[a-z]+\s*=", html), url  # no inline event handlers
        assert "javascript:" not in html


@pytest.mark.django_db
def test_the_admin_keeps_wagtails_own_scripts(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


# seed_demo and the password validators


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["123", "password", "12345678901234", "qwertyuiop"])
def test_seed_demo_applies_the_password_validators(password):
    with mock.patch.dict(os.environ, {"DEMO_ADMIN_PASSWORD": password}):
        with pytest.raises(CommandError, match="DEMO_ADMIN_PASSWORD 不符合密码规则"):
            call_command("seed_demo", stdout=StringIO())
    assert not get_user_model().objects.filter(username__in=["admin", "editor", "marketing", "reviewer"]).exists()


# Share links


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["article", "/", "/search/?q=zhengxin"])
def test_share_links_come_from_the_public_address_not_the_requests_host(client, site_tree, path, settings):
    settings.PUBLIC_BASE_URL = "https://zhishi.example.com"
    article = ArticlePageFactory(parent=site_tree["credit"], slug="zhengxin-baogao")
    url = article.url if path == "article" else path
    html = client.get(url, HTTP_HOST="evil.example").content.decode()
    root = "https://zhishi.example.com"
    links = re.findall(r'(?:property="og:(?:url|image)"|itemprop="image") content="([^"]+)"', html)
    links += re.findall(r'rel="canonical" href="([^"]+)"', html)
    assert len(links) == 4, links
    assert all(link.startswith(root + "/") for link in links), links
    assert "evil.example" not in " ".join(links)
    if path == "article":
        assert f'<link rel="canonical" href="{article.get_full_url()}">' in html
