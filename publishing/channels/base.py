"""What every channel shares: the error classes, the job a channel works on, its outcomes, the registry.

Errors are classified where they happen, so the delivery machinery only has to read
`error.kind`:

- `TransientChannelError`: worth another try later (timeouts, connection errors, HTTP 5xx
  and 429, WeChat -1 and 45011, Douyin "system busy"); retried with exponential backoff.
- `PermanentChannelError`: another try gives the same answer (bad file type, too large,
  rejected content, validation, quota for the day); fails the delivery at once.
- `ChannelNotConfigured`: the channel's credentials are not set; the delivery waits and
  says so instead of failing.

Every message is Chinese and written for the editor who reads it in the admin; `detail`
keeps the platform's own answer for the operator. Both pass through `core.redaction` when
the error is made, so no token or secret in a URL or an answer reaches a delivery record.
"""

import abc
import functools
import logging
import ssl
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Protocol

from django.conf import settings

import httpx

from core.redaction import redact

logger = logging.getLogger(__name__)

APP = "app"
WECHAT = "wechat"
DOUYIN = "douyin"
WECHAT_CHANNELS = "wechat_channels"
CHANNEL_NAMES = (APP, WECHAT, DOUYIN, WECHAT_CHANNELS)

TRANSIENT = "transient"
PERMANENT = "permanent"
NOT_CONFIGURED = "not_configured"

# What a channel reports when its work is done for now.
PUBLISHED = "published"
AWAITING_CONFIRMATION = "awaiting_confirmation"
POLL_LATER = "poll_later"
RETRACTED = "retracted"
RETRACT_MANUALLY = "retract_manually"

USER_AGENT = "jinrong-changshi/0.1 (+publishing.channels)"


class ChannelError(Exception):
    """A channel call that failed. `message` (Chinese) is for editors, `detail` for operators."""

    kind = PERMANENT

    def __init__(self, message: str, *, code: str | int = "", detail: str = "", retry_after: float = 0):
        message = redact(message)
        super().__init__(message)
        self.message = message
        self.code = redact(str(code))
        self.detail = redact(detail)
        #: For a transient error: the platform asks for at least this many seconds before another try.
        self.retry_after = retry_after
        #: The platform's whole answer, when it carries data besides the error.
        self.data: dict = {}

    def __str__(self) -> str:
        return self.message


class TransientChannelError(ChannelError):
    """Worth retrying later: the platform was busy, slow or briefly unreachable."""

    kind = TRANSIENT


class PermanentChannelError(ChannelError):
    """Retrying gives the same answer: the input or the account must change first."""

    kind = PERMANENT


class ChannelNotConfigured(ChannelError):
    """The channel's credentials are missing from the environment."""

    kind = NOT_CONFIGURED

    def __init__(self, channel_label: str, missing: list[str]):
        names = "、".join(missing)
        super().__init__(
            f"{channel_label}未配置：缺少 {names}。这条投递不会自动发送；请运维在环境变量中设置后，"
            "在「投递」中选中它点「重新投递」（或运行 manage.py distribute）。",
            code="not_configured",
        )
        self.missing = missing


class UnknownChannelError(KeyError):
    """No channel is registered under that name."""


def transport_error(error: httpx.HTTPError, *, service: str) -> TransientChannelError:
    """Turn an httpx timeout or connection error into a transient error naming the service."""
    if isinstance(error, httpx.TimeoutException):
        message = f"{service}响应超时。"
    else:
        message = f"无法连接{service}。"
    return TransientChannelError(message, code=type(error).__name__, detail=str(error))


def http_status_error(response: httpx.Response, *, service: str) -> ChannelError:
    """Classify a non-2xx HTTP answer: 5xx, 429 and 408 are transient, other codes permanent."""
    status = response.status_code
    detail = response.text[:500]
    if status >= 500 or status in (408, 429):
        return TransientChannelError(
            f"{service}暂时不可用（HTTP {status}）。", code=f"http_{status}", detail=detail
        )
    return PermanentChannelError(
        f"{service}拒绝了请求（HTTP {status}）。请联系运维检查接口地址和权限。", code=f"http_{status}", detail=detail
    )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes ~30 ms; do it once per process, not once per client.
    return httpx.create_ssl_context()


def http_client(*, base_url: str, timeout: float | None = None, headers: dict | None = None) -> httpx.Client:
    """An httpx client for one platform, with the platform-wide timeout (CHANNEL_HTTP_TIMEOUT seconds)."""
    seconds = timeout if timeout is not None else float(getattr(settings, "CHANNEL_HTTP_TIMEOUT", 20))
    return httpx.Client(
        base_url=base_url,
        timeout=httpx.Timeout(seconds, connect=min(seconds, 5.0)),
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        verify=_ssl_context(),
    )


class Progress(Protocol):
    """Where a channel keeps the external ids of a delivery; every call is saved at once."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def begin(self, step: str) -> None:
        """Say that `step` is about to call the platform (so a restart knows to look first)."""

    def record(self, step: str, **values: Any) -> None:
        """Save `values` (media ids, URLs …) as the result of `step`; clears the step in flight."""


@dataclass
class DeliveryJob:
    """One delivery as a channel sees it: the page as of the delivered revision and where to record."""

    key: str
    channel: str
    page: Any
    page_url: str
    event: str
    progress: Progress
    revision_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def short_key(self) -> str:
        return self.key.replace("-", "")[:12]


@dataclass(frozen=True)
class Outcome:
    """What a channel's `send` or `poll` achieved: published, waiting for a person, or poll again."""

    state: str
    url: str = ""
    message: str = ""
    poll_after: float | None = None


class Channel(abc.ABC):
    """A destination for published pages. Subclasses set the class attributes and implement `send`."""

    name = ""
    label = ""
    #: Settings (read from the environment) without which the channel shows 未配置.
    setting_names: tuple[str, ...] = ()
    #: Whether `retract` removes the post through the platform's API.
    retracts_by_api = False

    def missing_settings(self) -> list[str]:
        return [name for name in self.setting_names if not getattr(settings, name, "")]

    def is_configured(self) -> bool:
        return not self.missing_settings()

    def require_configured(self) -> None:
        """Raise ChannelNotConfigured when a credential is missing."""
        missing = self.missing_settings()
        if missing:
            raise ChannelNotConfigured(self.label, missing)

    @abc.abstractmethod
    def send(self, job: DeliveryJob) -> Outcome:
        """Push the page; resume from what `job.progress` already holds. Raises ChannelError."""

    def poll(self, job: DeliveryJob) -> Outcome:
        """Ask the platform whether an accepted post is out yet (only channels that return POLL_LATER)."""
        raise PermanentChannelError(f"{self.label}没有需要查询的发布任务。", code="no_poll")

    def retract(self, job: DeliveryJob) -> Outcome:
        """Take the post down, or say (RETRACT_MANUALLY) what a person has to do."""
        return Outcome(RETRACT_MANUALLY, message=f"{self.label}不支持通过接口撤回，请在平台后台手动删除。")

    def reset_for_retry(self, progress: Progress, *, last_error_code: str = "") -> None:
        """Forget ids that a new attempt must not reuse (e.g. a publish job that failed).

        Channels without such ids keep everything, which is what this default does.
        """
        return None

    def post_exists(self, external_ids: dict) -> bool:
        """Whether the platform already holds a post (or accepted one): then cancelling is too late."""
        return False


_REGISTRY: dict[str, Channel] = {}
CHANNEL_MODULES = (
    "publishing.channels.app",
    "publishing.channels.wechat.channel",
    "publishing.channels.douyin",
    "publishing.channels.wechat_channels",
)


def register_channel(cls: type[Channel]) -> type[Channel]:
    """Class decorator: make `cls()` the channel for `cls.name`."""
    _REGISTRY[cls.name] = cls()
    return cls


def _load_channels() -> None:
    if len(_REGISTRY) < len(CHANNEL_MODULES):
        for module in CHANNEL_MODULES:
            import_module(module)


def get_channel(name: str) -> Channel:
    """The channel registered as `name` (app, wechat, douyin, wechat_channels).

    >>> get_channel("wechat").label
    '微信公众号'
    """
    _load_channels()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownChannelError(name) from None


def all_channels() -> list[Channel]:
    """Every channel, in the order of CHANNEL_NAMES."""
    _load_channels()
    return [_REGISTRY[name] for name in CHANNEL_NAMES if name in _REGISTRY]
