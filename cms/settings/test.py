"""Settings for the test suite: fast hashing, local-memory cache, tasks run immediately."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", BASE_DIR / "var" / "test-media"))  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Tests don't run collectstatic; Django's staticfiles finders serve what the tests need.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Publishing doesn't render posters and videos in tests unless a test asks for it.
RENDER_ON_PUBLISH = False
# Fixed desk keys for the tests (the second one stands for a key being rotated out).
DESK_ENCRYPTION_KEYS = ["8y5tC3F2p7VvJ5lJ7f9mO1yq8sV6bQ2kYQ3nXo0dWfE="]  # noqa: S105
DESK_LOOKUP_KEY = "test-only-lookup-key-0123456789abcdef"  # noqa: S105
DESK_PRIVATE_ROOT = Path(os.environ.get("TEST_DESK_PRIVATE_ROOT", BASE_DIR / "var" / "test-desk-private"))  # noqa: F405
