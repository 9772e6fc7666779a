"""Find a page from what an operator types: its id, its URL path, or the path Wagtail's admin shows.

The management commands that act on one page (`render`, `distribute`, `wechat_preview`)
all take the page this way, so an operator can paste whichever they have at hand:

- `42`, the page id;
- `/antifraud/bulletin-2/`, the path readers see (relative to a Site's root page);
- `/home/antifraud/bulletin-2/`, the path the admin shows (Wagtail's `url_path`, from the
  tree's root);
- a whole address, `https://zhishi.example.com/antifraud/bulletin-2/`, whose path is used.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.core.management.base import CommandError

from wagtail.models import Page, Site

HINT = "请给出页面编号、网址路径（如 /antifraud/bulletin-2/）或后台显示的路径（如 /home/antifraud/bulletin-2/）。"


class PageLookupError(Exception):
    """No page, or more than one, answers to what was given; the message (Chinese) says which."""


def _normalised_path(reference: str) -> str:
    path = urlsplit(reference).path if "://" in reference else reference
    path = unquote(path).strip().strip("/")
    return f"/{path}/" if path else "/"


def page_find(reference: str) -> Page:
    """The specific page that `reference` (an id, a URL path or the admin's path) names.

    Raises PageLookupError when there is none, or when the path names different pages
    (two sites with the same path, or a site path that is also another page's admin path).

    >>> page_find("/home/antifraud/bulletin-2/") == page_find("/antifraud/bulletin-2/")  # doctest: +SKIP
    True
    """
    reference = (reference or "").strip()
    if not reference:
        raise PageLookupError(f"没有给出页面。{HINT}")
    if reference.isdigit():
        page = Page.objects.filter(pk=int(reference), depth__gt=1).first()
        if page is None:
            raise PageLookupError(f"找不到页面“{reference}”：没有这个编号的页面。")
        return page.specific
    path = _normalised_path(reference)
    candidates = {path} if path != "/" else set()
    for root_path in Site.objects.values_list("root_page__url_path", flat=True):
        candidates.add(root_path + path.lstrip("/"))
    pages = list(Page.objects.filter(url_path__in=candidates, depth__gt=1).order_by("pk"))
    if not pages:
        raise PageLookupError(f"找不到页面“{reference}”。{HINT}")
    if len(pages) > 1:
        listed = "、".join(f"{page.pk}（{page.url_path}）" for page in pages)
        raise PageLookupError(f"“{reference}”对应多个页面：{listed}。请改用页面编号。")
    return pages[0].specific


def page_for_command(reference: str) -> Page:
    """`page_find` for management commands: a CommandError with the same Chinese message."""
    try:
        return page_find(reference)
    except PageLookupError as error:
        raise CommandError(str(error)) from error
