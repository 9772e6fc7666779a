"""Production settings: every value and secret from the environment; refuses DEBUG and a weak key.

Behind the documented reverse proxy, which terminates HTTPS and sets X-Forwarded-Proto and
X-Forwarded-For: plain HTTP is redirected to HTTPS, HSTS tells browsers to stay there,
cookies are secure, and `manage.py check --deploy --fail-level WARNING` passes.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from cms.keys import secret_key_problem
from core.public_urls import public_base_url_problem

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured(
        "生产环境不能开启 DEBUG：它会把代码、设置和请求数据显示在出错页面上。"
        "请去掉 DEBUG 环境变量（或设为 false）；在自己电脑上调试请用 cms.settings.dev。"
    )

_key_problem = secret_key_problem(SECRET_KEY)  # noqa: F405
if _key_problem:
    raise ImproperlyConfigured(_key_problem)

# Every link readers, the app and WeChat get starts with it: refuse to start without a real one.
_address_problem = public_base_url_problem(PUBLIC_BASE_URL)  # noqa: F405
if _address_problem:
    raise ImproperlyConfigured(_address_problem)

if not DESK_ENCRYPTION_KEYS or len(DESK_LOOKUP_KEY) < 32:  # noqa: F405
    raise ImproperlyConfigured(
        "DESK_ENCRYPTION_KEYS (Fernet keys, newest first, comma-separated) and DESK_LOOKUP_KEY (a random "
        "secret of at least 32 characters) must be set in production: the desk encrypts readers' personal "
        "data with them. Make a key with: python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'"
    )

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# HTTPS. The proxy in front says which scheme the client used (and must overwrite, never pass
# on, a client's own X-Forwarded-Proto); gunicorn sees plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# The client's address for the lockouts is the one the proxy appends to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

# Wagtail's preview panel shows the page being edited in an iframe of the admin, on the same
# origin; DENY would leave it blank. SAMEORIGIN still keeps every other site from framing us.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [
    "security.W019",  # X_FRAME_OPTIONS is SAMEORIGIN, not DENY: the preview panel needs it (above)
]

# The interactive API documentation is for developers, not the public site.
WAGTAILAPI_DOCS_ENABLED = env_bool("WAGTAILAPI_DOCS_ENABLED", False)
