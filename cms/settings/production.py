"""Production settings: every value and secret from the environment; refuses to start without a real key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)

_INSECURE_MARKERS = ("insecure", "changeme", "secret", "dev-only", "test-only")
if (
    not SECRET_KEY  # noqa: F405
    or len(SECRET_KEY) < 40  # noqa: F405
    or any(marker in SECRET_KEY.lower() for marker in _INSECURE_MARKERS)  # noqa: F405
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 40 characters in production "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

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
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
# The interactive API documentation is for developers, not the public site.
WAGTAILAPI_DOCS_ENABLED = env_bool("WAGTAILAPI_DOCS_ENABLED", False)
