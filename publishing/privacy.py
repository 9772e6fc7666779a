"""Which pages may go where the public sees them: channels, the renders' downloads, the feed.

A page is public when it is live and neither it nor any ancestor has a Wagtail view
restriction (a password, a login, or groups: Wagtail's 隐私 setting). Only public pages
are delivered to a channel or offered as a render to download; a page that stops being
public after it went out is retracted (publishing/deliveries/privacy.py). The check reads
the database each time it is asked, so a restriction saved a second ago counts.

>>> page_private_reason(restricted_page)  # doctest: +SKIP
'页面“…”设置了访问限制（密码、登录或用户组，或在其上级页面上），不能投递到公开渠道。'
"""

from wagtail.models import Page, PageViewRestriction


def page_is_restricted(page: Page) -> bool:
    """Whether a view restriction on `page` or one of its ancestors keeps it from the public."""
    return page.get_view_restrictions().exclude(restriction_type=PageViewRestriction.NONE).exists()


def page_private_reason(page: Page | None) -> str | None:
    """None for a live page anyone may read; otherwise why it must stay off public channels (Chinese)."""
    if page is None:
        return "页面已被删除，不能投递。"
    if not page.live:
        return f"页面“{page.title}”未发布或已取消发布，不能投递到公开渠道。"
    if page_is_restricted(page):
        return f"页面“{page.title}”设置了访问限制（密码、登录或用户组，或在其上级页面上），不能投递到公开渠道。"
    return None


def page_is_public(page: Page | None) -> bool:
    """Whether `page` is live and free of view restrictions (its own and its ancestors')."""
    return page_private_reason(page) is None
