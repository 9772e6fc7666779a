"""Slowing password guessing: admin logins, page passwords and document passwords lock out.

After LOCKOUT_FAILURES (10) wrong passwords within LOCKOUT_MINUTES (15) from one address,
that address is refused for the next 15 minutes, the right password included, with a
Chinese message and HTTP 429:

- logins (the admin's and the reader site's `/_util/login/`) per username and address,
  by django-axes, which counts in the database (`AXES_*` settings; `manage.py
  axes_reset_username <name>` lifts a lockout at once);
- the shared passwords of restricted pages and document collections per restriction and
  address, by the throttle below, which counts in the cache (Redis when REDIS_URL is set,
  files under var/cache/lockouts otherwise, so every process of the machine shares the
  count). django-axes only watches Django's `authenticate()`, which those forms do not
  call, so they have their own counter; it is a few lines of `cache.incr`.

The address is the client's as the reverse proxy saw it (core/addresses.py, the same rule
as the desk's rate limit). Cache keys hold an HMAC of the address, never the address itself.
"""

import datetime
import hmac
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.http import HttpResponse

from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views
from wagtail.forms import PasswordViewRestrictionForm

from axes.backends import AxesBackend, AxesStandaloneBackend

from core.addresses import client_address

DEFAULT_FAILURES = 10
DEFAULT_MINUTES = 15


def failure_limit() -> int:
    return int(getattr(settings, "LOCKOUT_FAILURES", DEFAULT_FAILURES))


def lockout_seconds() -> int:
    return int(getattr(settings, "LOCKOUT_MINUTES", DEFAULT_MINUTES)) * 60


def locked_message(what: str = "密码错误") -> str:
    """The Chinese lockout message: "密码错误次数过多，已暂时锁定。请 15 分钟后再试…"."""
    minutes = lockout_seconds() // 60
    return f"{what}次数过多，已暂时锁定。请 {minutes} 分钟后再试；如需立即解锁，请联系管理员。"


class LockoutBackend(AxesBackend):
    """Django's username and password login behind django-axes' lockout check.

    The check runs for every login that comes with a request: Django's and Wagtail's login
    forms always pass it. `authenticate()` without one comes from code (a shell, the test
    client's `login()`), not from an address that guesses passwords, so it only logs in.
    The one backend does both so that it is also the one sessions name (`get_user`).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            # Raises AxesBackendPermissionDenied (the login fails) while locked out.
            AxesStandaloneBackend.authenticate(self, request, username=username, password=password, **kwargs)
        return ModelBackend.authenticate(self, request, username=username, password=password, **kwargs)


def login_lockout_response(request, original_response, credentials, *args, **kwargs):
    """What a locked-out login gets (AXES_LOCKOUT_CALLABLE): the login form again, with the
    lockout as its error, and HTTP 429; plain text when the view had no form to show."""
    message = locked_message("登录失败")
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is not None and hasattr(original_response, "rendered_content"):
        form.errors.clear()
        form.add_error(None, message)
        original_response.content = original_response.rendered_content
        original_response.status_code = 429
        return original_response
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")


# The page and document password throttle


def _cache():
    alias = getattr(settings, "LOCKOUT_CACHE", "default")
    return caches[alias if alias in settings.CACHES else "default"]


def _key(scope: str, subject, address: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{subject}:{address}".encode(), "sha256").hexdigest()
    return f"lockout:{digest[:40]}"


def is_locked(key: str) -> bool:
    """Whether `key` (a restriction and an address) is locked out now."""
    return _cache().get(f"{key}:locked") is not None


def record_failure(key: str) -> bool:
    """Count one wrong password for `key`; True when this one locks it out.

    The count lives LOCKOUT_MINUTES from the first failure; reaching LOCKOUT_FAILURES
    locks the key for LOCKOUT_MINUTES.
    """
    cache, seconds = _cache(), lockout_seconds()
    counter = f"{key}:failures"
    cache.add(counter, 0, timeout=seconds)
    try:
        count = cache.incr(counter)
    except ValueError:  # the window ran out between add and incr
        cache.set(counter, 1, timeout=seconds)
        count = 1
    if count < failure_limit():
        return False
    cache.set(f"{key}:locked", datetime.datetime.now(datetime.UTC).isoformat(), timeout=seconds)
    cache.delete(counter)
    return True


def reset(key: str) -> None:
    """Forget the failures of `key` (the right password was given)."""
    _cache().delete_many([f"{key}:failures", f"{key}:locked"])


class LockedOutPasswordForm(PasswordViewRestrictionForm):
    """The password form while its address is locked out: it says so and checks nothing."""

    def clean_password(self):
        return ""

    def clean(self):
        raise forms.ValidationError(locked_message())


def _locked_response(view, request, args, kwargs):
    """The view's own password page, showing the lockout instead of checking the password."""
    method, request.method = request.method, "GET"
    try:
        response = view(request, *args, **kwargs)
    finally:
        request.method = method
    context = getattr(response, "context_data", None)
    if context is None or "form" not in context:
        return HttpResponse(locked_message(), status=429, content_type="text/plain; charset=utf-8")
    # Bound (so that it shows its error) with a stand-in password, which it never checks.
    form = LockedOutPasswordForm({"password": "-", "return_url": request.POST.get("return_url", "")},
                                 instance=context["form"].restriction)
    form.is_valid()
    context["form"] = form
    response.status_code = 429
    return response


def throttled_password_view(view, *, scope: str, restriction_kwarg: str):
    """Wrap one of Wagtail's password views (page or document restriction) with the throttle."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        key = _key(scope, kwargs.get(restriction_kwarg), client_address(request))
        if is_locked(key):
            return _locked_response(view, request, args, kwargs)
        response = view(request, *args, **kwargs)
        if 300 <= response.status_code < 400:
            reset(key)  # Wagtail redirects once the password is right
        elif response.status_code == 200 and record_failure(key):
            return _locked_response(view, request, args, kwargs)
        return response

    return wrapped


page_password = throttled_password_view(
    wagtail_views.authenticate_with_password, scope="page", restriction_kwarg="page_view_restriction_id"
)
document_password = throttled_password_view(
    document_views.authenticate_with_password, scope="document", restriction_kwarg="restriction_id"
)
