"""Settings for a developer's machine and the one-command demo: debug on, an insecure key allowed."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405, S105
ALLOWED_HOSTS = ALLOWED_HOSTS + ["*"]  # noqa: F405
