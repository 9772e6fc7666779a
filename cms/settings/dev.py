"""Settings for a developer's machine and the one-command demo: an insecure key allowed, debug on request.

DEBUG is off unless DEBUG=true: the demo must show readers the platform's own 404 (with the
hotlines), never Django's debug page listing every URL pattern. `make serve` turns it on.
Static files come from the apps' folders through WhiteNoise, so nothing needs collecting.
"""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405, S105
ALLOWED_HOSTS = ALLOWED_HOSTS + ["*"]  # noqa: F405
# Mail goes to the console on a developer's machine unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# WhiteNoise serves /static/ whatever DEBUG says: straight from the apps' folders, re-read on change.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
