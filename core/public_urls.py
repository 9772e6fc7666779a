"""The platform's one public address, and every absolute link built from it.

Readers, the app, WeChat and the QR codes on posters must all be sent to the same place:
the address the reverse proxy serves, not the Host header of whichever request happened to
render a page (anyone can set it, and the page cache would keep it), nor a port the demo
does not listen on. `PUBLIC_BASE_URL` (from the environment, e.g. `https://zhishi.example.com`)
says where that is; on a developer's machine without it, the default Wagtail Site's root
stands in (设置 → 站点: hostname and port). Production refuses to start without a valid
https one (`public_base_url_problem`, cms/settings/production.py).

>>> public_url("/antifraud/bulletin-2/")      # with PUBLIC_BASE_URL=https://zhishi.example.com
'https://zhishi.example.com/antifraud/bulletin-2/'
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

DEV_FALLBACK = "http://127.0.0.1:8000"


def configured_base_url() -> str:
    """PUBLIC_BASE_URL without its trailing slash, or "" when it is not set."""
    return (getattr(settings, "PUBLIC_BASE_URL", "") or "").strip().rstrip("/")


def public_base_url() -> str:
    """The public address without a trailing slash: PUBLIC_BASE_URL, else the default Site's root (dev)."""
    configured = configured_base_url()
    if configured:
        return configured
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    return site.root_url.rstrip("/") if site is not None else DEV_FALLBACK


def public_url(path: str = "/") -> str:
    """`path` (a site-relative path, or a URL already absolute, returned as it is) on the public address."""
    if not path:
        path = "/"
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):
        return urlsplit(public_base_url()).scheme + ":" + path
    return public_base_url() + ("" if path.startswith("/") else "/") + path


def public_base_url_problem(value: str, *, require_https: bool = True) -> str | None:
    """Why `value` cannot be the public base URL (Chinese, for the start-up error), or None when it can.

    >>> public_base_url_problem("http://zhishi.example.com")
    'PUBLIC_BASE_URL 必须以 https:// 开头…'
    """
    example = "例如 PUBLIC_BASE_URL=https://zhishi.example.com"
    value = (value or "").strip()
    if not value:
        return (
            f"PUBLIC_BASE_URL 未设置：页面链接、二维码、App 通知、公众号“阅读原文”都要用到网站的公开地址，{example}。"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"PUBLIC_BASE_URL “{value}”不是有效的网址，{example}。"
    if require_https and parts.scheme != "https":
        return f"PUBLIC_BASE_URL 必须以 https:// 开头（现在是“{value}”）：读者和微信只应拿到加密的链接，{example}。"
    if parts.query or parts.fragment or parts.path.strip("/") or parts.username or parts.password:
        return f"PUBLIC_BASE_URL “{value}”只能是协议和域名（可带端口），不能带路径、参数或账号，{example}。"
    if parts.hostname in ("localhost", "127.0.0.1", "0.0.0.0", "::1") or parts.hostname.endswith(".localhost"):  # noqa: S104 - compared, not bound
        return f"PUBLIC_BASE_URL “{value}”指向本机，读者无法访问，{example}。"
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return f"PUBLIC_BASE_URL “{value}”的端口无效，{example}。"
    return None
