"""Reading 公众号设置 for a page: its article format and its send mode."""

from core.sites import page_site

from .models import FORMAT_BOTH, FORMAT_POSTER, FORMAT_TEXT, MODE_PUBLISH, WechatSettings


def wechat_settings_for(page) -> WechatSettings | None:
    """The 公众号设置 of the page's site (the default site for a new page); None without any site."""
    site = page_site(page)
    return WechatSettings.for_site(site) if site else None


def article_format_for(page) -> str:
    """"text", "poster" or "both": how the page's WeChat article is made (公众号设置)."""
    settings = wechat_settings_for(page)
    return settings.format_for(type(page)) if settings else FORMAT_TEXT


def wants_poster(page) -> bool:
    """Whether the page's WeChat article carries its long poster."""
    return article_format_for(page) in (FORMAT_POSTER, FORMAT_BOTH)


def send_mode_for(page) -> str:
    """"publish" or "mass": how a first delivery of the page leaves for WeChat (公众号设置)."""
    settings = wechat_settings_for(page)
    return settings.mode_for(type(page)) if settings else MODE_PUBLISH
