"""Local fake platforms (WeChat, Douyin, the app's webhook receiver, the team's chat robots) that behave as their documentation says.

Tests start them as threads (`SandboxServer(WechatSandbox()).start()`); the demo runs them as
processes: `python -m publishing.channels.sandbox wechat --port 9101` (see `__main__`). They
listen on 127.0.0.1 only, check what they are sent, and accept injected faults.
"""

from .app import AppSandbox
from .base import SandboxServer
from .douyin import DouyinSandbox
from .robots import RobotsSandbox
from .wechat import WechatSandbox

__all__ = ["AppSandbox", "DouyinSandbox", "RobotsSandbox", "SandboxServer", "WechatSandbox"]
