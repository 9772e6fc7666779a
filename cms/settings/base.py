"""Settings shared by every environment; every value an operator may change comes from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable: 1, true, yes and on (any case) mean yes."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list without empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "content.apps.ContentConfig",
    "content.desk.apps.DeskConfig",
    "publishing.apps.PublishingConfig",
    "publishing.deliveries.apps.DeliveriesConfig",
    "publishing.outreach.apps.OutreachConfig",
    "publishing.notifications.apps.NotificationsConfig",
    "publishing.stats.apps.StatsConfig",
    "themes.apps.ThemesConfig",
    "cms.apps.CmsConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.sites.SiteCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# The Content-Security-Policy of every page but the admin's (django-csp): scripts only from
# the site itself, never inline (themes/static/js holds them all), nothing embedded, forms
# posted only here. Styles may be inline: editors' sanitised HTML blocks keep their
# (sanitised) style attributes and each column's colour is a CSS variable on its elements;
# CSS cannot run script. The admin keeps Wagtail's own inline scripts and is excluded.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; a busy timeout
    # makes a writer wait for the other instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else 600

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "jrcs"),
            "TIMEOUT": 3600,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "jrcs-default",
        },
    }

# Password guessing locks out (cms/lockouts.py): 10 failures within 15 minutes lock a username
# at an address (logins, django-axes) or an address at a page's or collection's shared
# password (the cache throttle) for 15 minutes.
LOCKOUT_FAILURES = 10
LOCKOUT_MINUTES = 15
AUTHENTICATION_BACKENDS = ["cms.lockouts.LockoutBackend"]
AXES_FAILURE_LIMIT = LOCKOUT_FAILURES
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOCKOUT_MINUTES)
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "cms.lockouts.login_lockout_response"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# No LocaleMiddleware: readers and new admin users get 简体中文 whatever their browser asks
# for; an editor may still choose English under 账户设置 (Wagtail's per-user language).
LANGUAGE_CODE = "zh-hans"
# Fills the strings Wagtail's own zh_Hans catalogue leaves untranslated (cms/locale).
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_USER_EDIT_FORM = None
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "themes" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Private files (documents, renders, publish kits) get unguessable names (core/storage.py).
    "default": {"BACKEND": "core.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o644
# On one machine the platform serves media/ itself; turn off when nginx or object storage does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# The only files anyone may fetch straight from MEDIA_URL: Wagtail's original images and
# renditions. Documents go through Wagtail's serve view (privacy checked), renders through
# /renders/ (live, public pages only), publish kits through the admin (cms/media.py).
PUBLIC_MEDIA_PREFIXES = ("images/", "original_images/")

# Background work: the tasks framework that Wagtail uses, with the database queue
# by default (`manage.py db_worker` runs it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "金融常识")
# The platform's one public address (core/public_urls.py): every absolute link, QR code,
# feed, app payload, share link and WeChat 阅读原文 starts with it, and so do the links the
# admin sends (WAGTAILADMIN_BASE_URL) and the API's (WAGTAILAPI_BASE_URL). Production
# requires an https one; without it a developer's machine uses the default Wagtail Site's root.
# Slugs stay ASCII: a Chinese title gets a pinyin slug (content/slugs.py), not /%E5%80%9F…/.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL or "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "content.search.backend",
        # The database backend with Chinese page queries tokenised (content/search/backend.py):
        # text is indexed as space-separated ASCII bigrams (content/search/tokens.py), so the
        # language-neutral configuration is the right one on PostgreSQL.
        "SEARCH_CONFIG": "simple",
    }
}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp", "avif": "jpeg", "heic": "jpeg"}
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
# A broken upload is a form error, not a 500 (content/image_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "content.image_forms.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "txt", "zip"]
# Documents are always sent by Wagtail's view, which checks the collection's privacy, never
# by a redirect to the file (object storage) or a link into /media/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
# The app shows rich text as HTML with real link URLs, not Wagtail's stored format.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Gravatar is unreachable for most of our users; show Wagtail's own avatar instead of a broken image.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
# An edit during review sends the page through every step again (the compliance check included).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# The reviewer's approval publishes, though only 管理员 hold the publish permission.
WAGTAIL_FINISH_WORKFLOW_ACTION = "content.workflows.publish_approved_revision"
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Reader pages are cached whole (core/pagecache.py); publishing purges them. The `pages`
# alias must be shared by every worker process: Redis when REDIS_URL is set, otherwise
# files on local disk. TIMEOUT None keeps the purge generation key; entries pass their own.
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
if REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "jrcs") + "-pages",
        "TIMEOUT": None,
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PAGE_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "pages")),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

# Channels (publishing/channels): credentials only from the environment. A channel whose
# credentials are missing shows as 未配置, and so do its deliveries, which never go out by
# themselves later: an operator sends them on purpose (重新投递, `manage.py distribute`).
APP_WEBHOOK_URL = os.environ.get("APP_WEBHOOK_URL", "")
APP_WEBHOOK_SECRET = os.environ.get("APP_WEBHOOK_SECRET", "")
# Signs the app's reading events (POST /api/stats/events/); the webhook's secret when unset.
APP_STATS_SECRET = os.environ.get("APP_STATS_SECRET", "")
WECHAT_APP_ID = os.environ.get("WECHAT_APP_ID", "")
WECHAT_APP_SECRET = os.environ.get("WECHAT_APP_SECRET", "")
WECHAT_API_BASE = os.environ.get("WECHAT_API_BASE", "https://api.weixin.qq.com")
# The Token of 服务器配置 (明文 or 兼容 mode): WeChat signs its calls to /wechat/callback/ with it,
# and posts there the end of each 群发 with its counts. Unset: the callback URL answers 404.
WECHAT_CALLBACK_TOKEN = os.environ.get("WECHAT_CALLBACK_TOKEN", "")
# After a freepublish/submit whose answer was lost, how long to look for the article in the
# published list before submitting again (publishing/channels/wechat/channel.py).
WECHAT_SUBMIT_SETTLE_SECONDS = float(os.environ.get("WECHAT_SUBMIT_SETTLE_SECONDS", "600"))
# Team notifications (publishing/notifications): group robots' keys and secrets, from the environment only.
NOTIFY_WECOM_KEY = os.environ.get("NOTIFY_WECOM_KEY", "")
NOTIFY_WECOM_API_BASE = os.environ.get("NOTIFY_WECOM_API_BASE", "https://qyapi.weixin.qq.com")
NOTIFY_DINGTALK_TOKEN = os.environ.get("NOTIFY_DINGTALK_TOKEN", "")
NOTIFY_DINGTALK_SECRET = os.environ.get("NOTIFY_DINGTALK_SECRET", "")
NOTIFY_DINGTALK_API_BASE = os.environ.get("NOTIFY_DINGTALK_API_BASE", "https://oapi.dingtalk.com")
NOTIFY_FEISHU_HOOK = os.environ.get("NOTIFY_FEISHU_HOOK", "")
NOTIFY_FEISHU_SECRET = os.environ.get("NOTIFY_FEISHU_SECRET", "")
NOTIFY_FEISHU_API_BASE = os.environ.get("NOTIFY_FEISHU_API_BASE", "https://open.feishu.cn")
# The account has 群发保护: a mass send waits up to 30 minutes for an admin to confirm it on the phone.
WECHAT_MASS_PROTECTION = os.environ.get("WECHAT_MASS_PROTECTION", "false").lower() in ("1", "true", "yes")
DOUYIN_CLIENT_KEY = os.environ.get("DOUYIN_CLIENT_KEY", "")
DOUYIN_ACCESS_TOKEN = os.environ.get("DOUYIN_ACCESS_TOKEN", "")
DOUYIN_OPEN_ID = os.environ.get("DOUYIN_OPEN_ID", "")
DOUYIN_API_BASE = os.environ.get("DOUYIN_API_BASE", "https://open.douyin.com")
# Settings whose values are secrets: core/redaction.py masks them (and every token the channels
# fetch) in every log record, every channel error and so in every delivery record.
SECRET_SETTINGS = (
    "SECRET_KEY", "APP_WEBHOOK_SECRET", "WECHAT_APP_SECRET", "DOUYIN_ACCESS_TOKEN",
    "WECHAT_CALLBACK_TOKEN", "DESK_ENCRYPTION_KEYS", "DESK_LOOKUP_KEY", "EMAIL_HOST_PASSWORD", "APP_STATS_SECRET",
    "NOTIFY_WECOM_KEY", "NOTIFY_DINGTALK_TOKEN", "NOTIFY_DINGTALK_SECRET", "NOTIFY_FEISHU_HOOK", "NOTIFY_FEISHU_SECRET",
    "ANSWER_LLM_KEY",
)
SECRET_URL_SETTINGS = ("REDIS_URL",)
CHANNEL_HTTP_TIMEOUT = float(os.environ.get("CHANNEL_HTTP_TIMEOUT", "20"))
# Platform tokens (WeChat's stable_token) are shared by every worker process through this cache.
CHANNEL_TOKEN_CACHE = "channels"  # noqa: S105 - a cache alias, not a secret
CHANNEL_LOCK_DIR = Path(os.environ.get("CHANNEL_LOCK_DIR", BASE_DIR / "var" / "locks"))
if REDIS_URL:
    CACHES["channels"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "jrcs") + "-channels",
    }
else:
    CACHES["channels"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CHANNEL_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "channels")),
    }
# Counts of wrong page and document passwords (cms/lockouts.py), shared by every process.
LOCKOUT_CACHE = "lockouts"
if REDIS_URL:
    CACHES["lockouts"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "jrcs") + "-lockouts",
    }
else:
    CACHES["lockouts"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("LOCKOUT_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "lockouts")),
    }
# Retries of transient channel errors: exponential backoff with jitter, as deferred tasks.
DELIVERY_RETRY = {
    "max_attempts": int(os.environ.get("DELIVERY_RETRY_MAX_ATTEMPTS", "6")),
    "base_seconds": float(os.environ.get("DELIVERY_RETRY_BASE_SECONDS", "30")),
    "cap_seconds": float(os.environ.get("DELIVERY_RETRY_CAP_SECONDS", "1800")),
}
# A worker owns a delivery until it has gone this long without recording a step (then it is
# presumed dead and `manage.py deliveries --resume` hands the delivery to another).
DELIVERY_LEASE_SECONDS = int(os.environ.get("DELIVERY_LEASE_SECONDS", "600"))
# Polling a platform that publishes in the background (WeChat's freepublish/get), as deferred tasks.
DELIVERY_POLL = {
    "first_seconds": float(os.environ.get("DELIVERY_POLL_FIRST_SECONDS", "5")),
    "cap_seconds": float(os.environ.get("DELIVERY_POLL_CAP_SECONDS", "120")),
    "max_polls": int(os.environ.get("DELIVERY_POLL_MAX", "60")),
}

# The 消保专线 desk (content/desk). Personal data is encrypted with DESK_ENCRYPTION_KEYS (Fernet
# keys, newest first, comma-separated) and matched through HMACs under DESK_LOOKUP_KEY; both are
# required in production, a development pair is generated in var/ otherwise.
DESK_ENCRYPTION_KEYS = env_list("DESK_ENCRYPTION_KEYS")
DESK_LOOKUP_KEY = os.environ.get("DESK_LOOKUP_KEY", "")
# Days after closing before a request's personal data is erased (manage.py desk_erase).
DESK_RETENTION_DAYS = int(os.environ.get("DESK_RETENTION_DAYS", "730"))
DESK_DEADLINE_WARN_DAYS = int(os.environ.get("DESK_DEADLINE_WARN_DAYS", "3"))
DESK_SUBMISSIONS_PER_MINUTE = int(os.environ.get("DESK_SUBMISSIONS_PER_MINUTE", "5"))
DESK_SCREENSHOT_MAX_BYTES = int(os.environ.get("DESK_SCREENSHOT_MAX_BYTES", str(5 * 1024 * 1024)))
DESK_SCREENSHOT_MAX_COUNT = int(os.environ.get("DESK_SCREENSHOT_MAX_COUNT", "3"))
# Screenshots are kept here, outside MEDIA_ROOT, and served only to agents.
DESK_PRIVATE_ROOT = Path(os.environ.get("DESK_PRIVATE_ROOT", BASE_DIR / "var" / "desk-private"))
# The answer desk (/ask/, content/search/answer.py). Questions per client and minute (the desk's
# limiter). Optional phrasing by a language model: ANSWER_LLM_URL is an OpenAI-compatible
# chat-completions endpoint (or its base URL ending in /v1), ANSWER_LLM_KEY its key (a secret);
# without both the answers stay extractive. The model's answer must pass the checks in time.
ASK_PER_MINUTE = int(os.environ.get("ASK_PER_MINUTE", "20"))
ANSWER_LLM_URL = os.environ.get("ANSWER_LLM_URL", "")
ANSWER_LLM_KEY = os.environ.get("ANSWER_LLM_KEY", "")
ANSWER_LLM_MODEL = os.environ.get("ANSWER_LLM_MODEL", "")
ANSWER_LLM_TIMEOUT = float(os.environ.get("ANSWER_LLM_TIMEOUT", "3"))
# How many reverse proxies in front of the platform append to X-Forwarded-For (0: use the
# connection's address). Rate limits and lockouts read the client's address accordingly
# (core/addresses.py); production's default is 1, the documented nginx.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# E-mail (team notifications, the desk's notices and reports): an SMTP server from the environment.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # django-axes announces itself at INFO in every process; its lockout warnings still show.
        "axes": {"level": "WARNING"},
    },
}

# Every render (poster, PDF, video, the admin's previews, the reports) runs in a child process
# forked for it, stopped after RENDER_TIME_LIMIT seconds or when it needs RENDER_MEMORY_LIMIT_MB
# more memory than the worker has (publishing/render/limits.py). RENDER_LIMITS=0 turns that off.
RENDER_LIMITS = os.environ.get("RENDER_LIMITS", "1").strip().lower() not in {"0", "false", "no", "off"}
RENDER_TIME_LIMIT = float(os.environ.get("RENDER_TIME_LIMIT", "45"))
RENDER_MEMORY_LIMIT_MB = int(os.environ.get("RENDER_MEMORY_LIMIT_MB", "2048"))
