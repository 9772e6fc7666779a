"""Template tags of the reader pages: hotlines, share metadata, money, dates and colours.

Reader pages are cached whole, so nothing here may depend on who is reading: the
tags read only the page, the site's settings and the hotline snippets.
"""

import datetime
import hashlib
import json
import re
from urllib.parse import urlencode

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Page

from core.memo import memoized
from core.public_urls import public_base_url
from core.sites import default_site

from ..models import BrandSettings, ColumnPage, Hotline
from ..models.pages import COLUMN_ANTIFRAUD
from ..money import yuan_label
from ..selectors import case_study_for_readers
from ..typography import keep_amounts_together

register = template.Library()

SHARE_IMAGE_SPEC = "fill-900x383"
LOGO_SHARE_IMAGE_SPEC = "fill-300x300"
DEFAULT_SHARE_IMAGE = "img/share-default.png"
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_REQUEST_CACHE_ATTR = "_reader_hotlines"


def brand_settings(request=None) -> BrandSettings:
    """The brand setting for the request's site (cached on the request by Wagtail), or the default site's."""
    if request is not None:
        return BrandSettings.for_request(request)
    site = default_site()
    if site is None:
        return BrandSettings()
    return BrandSettings.for_site(site)


def hotlines_for(*, brand: BrandSettings) -> list[Hotline]:
    """The hotlines readers see, in the editors' order, with the company line taken from the brand setting.

    The brand setting is where editors keep the company's 消保专线 and its service hours, so
    it overrides the number and hours of a company hotline snippet; without such a snippet
    the company line is added at the end. One database query.
    """
    lines = list(Hotline.objects.all())
    company_number = (brand.hotline_number or "").strip()
    result: list[Hotline] = []
    company_shown = False
    for line in lines:
        if line.is_company_line:
            if company_shown or not company_number:
                continue
            result.append(
                Hotline(
                    name=line.name,
                    number=company_number,
                    description=line.description,
                    service_hours=brand.service_hours or line.service_hours,
                    is_company_line=True,
                    sort_order=line.sort_order,
                )
            )
            company_shown = True
        else:
            result.append(line)
    if company_number and not company_shown:
        result.append(
            Hotline(
                name="消保专线",
                number=company_number,
                description=brand.company_name,
                service_hours=brand.service_hours,
                is_company_line=True,
            )
        )
    return result


@register.simple_tag(takes_context=True)
def reader_hotlines(context) -> list[Hotline]:
    """`{% reader_hotlines as hotlines %}`: the hotlines for the footer, fetched once per request."""
    request = context.get("request")
    if request is not None:
        cached = getattr(request, _REQUEST_CACHE_ATTR, None)
        if cached is not None:
            return cached
    brand = brand_settings(request)
    # Hotline and brand changes bump the page-cache generation, which reloads this list.
    lines = memoized(
        ("reader-hotlines", brand.pk, brand.hotline_number, brand.service_hours, brand.company_name),
        lambda: hotlines_for(brand=brand),
    )
    if request is not None:
        setattr(request, _REQUEST_CACHE_ATTR, lines)
    return lines


# The spoken name holds the words the button shows ("反诈专线 96110", or "96110" on a phone), as WCAG 2.5.3 asks.
ANTIFRAUD_LINE = ("96110", "反诈专线", "拨打反诈专线 96110（全国反诈预警劝阻专线）")


def _tel_href(number: str) -> str:
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _column_key_of(page) -> str | None:
    if isinstance(page, ColumnPage):
        return page.column_key
    column = getattr(page, "column", None) if isinstance(page, Page) else None
    return getattr(column, "column_key", None)


def header_call(*, brand: BrandSettings, column_key: str | None) -> dict | None:
    """The header's call button: 96110 on anti-fraud pages, the company's 消保专线 elsewhere.

    >>> header_call(brand=BrandSettings(hotline_number="400-820-0000"), column_key="credit")["href"]
    'tel:4008200000'
    """
    if column_key == COLUMN_ANTIFRAUD:
        number, label, spoken = ANTIFRAUD_LINE
    else:
        number = (brand.hotline_number or "").strip()
        if not number:
            return None
        label, spoken = "消保专线", f"拨打{brand.company_name}消保专线 {number}"
    # On a phone the button shows the number when it is short (96110), else what it is.
    short = number if len(number) <= 6 else label
    return {"number": number, "label": label, "short": short, "aria_label": spoken, "href": _tel_href(number)}


@register.inclusion_tag("includes/header.html", takes_context=True)
def site_header(context):
    """`{% site_header %}`: the brand, the four columns (a click apart on a desktop), the call
    button and the search form. The columns are kept per process until a publish (core/memo.py)."""
    request = context.get("request")
    page = context.get("page")
    brand = brand_settings(request)
    columns = memoized(("reader-columns",), lambda: list(ColumnPage.objects.live().public().order_by("path")))
    column_key = _column_key_of(page)
    return {
        "brand": brand,
        "columns": columns,
        "current_column": column_key,
        "page_id": getattr(page, "pk", None),
        "call": header_call(brand=brand, column_key=column_key),
        "query": context.get("query", ""),
        "request": request,
    }


@register.simple_tag(takes_context=True)
def hotlines_not_in(context, stream) -> list[Hotline]:
    """`{% hotlines_not_in page.body as hotlines %}`: the reader hotlines a body's hotline cards
    do not show already, so that a bulletin lists each hotline once."""
    shown = {
        _tel_href(block.value["hotline"].number)
        for block in stream or []
        if block.block_type == "hotline" and block.value.get("hotline") is not None
    }
    return [line for line in reader_hotlines(context) if line.tel_href not in shown]


def _site_root(request, page) -> str:
    """The public address (PUBLIC_BASE_URL, else the page's Site root in development): never the
    Host header a request happened to send."""
    if page is not None and page.url_path:
        parts = page.specific.get_url_parts(request)
        if parts and parts[1]:
            return parts[1]
    return public_base_url()


def _absolute(root: str, url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return root.rstrip("/") + url


def _share_image_url(root: str, page, brand: BrandSettings) -> str:
    image = getattr(page, "cover_image", None) if page is not None else None
    spec = SHARE_IMAGE_SPEC
    if image is None and brand.logo_id:
        image, spec = brand.logo, LOGO_SHARE_IMAGE_SPEC
    if image is not None:
        # A missing source file gives Wagtail's "not found" rendition instead of an error.
        return _absolute(root, get_rendition_or_not_found(image, spec).url)
    return _absolute(root, static(DEFAULT_SHARE_IMAGE))


def _page_url(request, page, root: str) -> str:
    """The page's own full URL (its Site's root and path); for what is not a page (search, 404),
    the Site's root and the request's path."""
    url = None
    if page is not None and page.url_path:
        url = page.get_full_url(request)
    if not url and request is not None:
        url = _absolute(root, request.get_full_path())
    return url or ""


def _page_description(page, brand: BrandSettings) -> str:
    if page is None:
        return brand.slogan
    for value in (
        page.search_description,
        getattr(page, "share_description", ""),
        getattr(page, "intro", ""),
    ):
        if value:
            return " ".join(str(value).split())[:120]
    return brand.slogan


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def share_meta(context, title: str = "", description: str = ""):
    """`{% share_meta %}`: <title>, description, Open Graph and the itemprop trio WeChat reads.

    Takes the current `page` from the context; `title` and `description` override it for
    pages that are not Wagtail pages (search, 404). Every URL is absolute and starts with the
    root of the page's Site (its hostname and port as configured), never with the request's
    Host header, which anyone can set (and which the page cache would then keep).
    """
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    brand = brand_settings(request)
    root = _site_root(request, page)
    is_home = page is not None and page.depth is not None and page.depth <= 2
    if not title and page is not None:
        title = page.seo_title or page.title
    share_title = title or brand.name
    if is_home or share_title == brand.name:
        full_title = f"{brand.name} · {brand.slogan}" if brand.slogan else brand.name
    else:
        full_title = f"{share_title} - {brand.name}"
    return {
        "title": full_title,
        "share_title": share_title,
        "description": description or _page_description(page, brand),
        "url": _page_url(request, page, root),
        "image_url": _share_image_url(root, page, brand),
        "site_name": brand.name,
        "og_type": "article" if hasattr(page, "summary") else "website",
    }


@register.filter
def css_colour(value, default: str = "#0B5CAD") -> str:
    """A six-digit hex colour safe to put in a style attribute; anything else becomes `default`."""
    if isinstance(value, str) and _HEX_COLOUR.match(value.strip()):
        return value.strip()
    return default


@register.filter
def yuan(value) -> str:
    """A loss amount as readers read it (content/money.py): 526000 -> '52.6 万元'; nothing -> '未知'."""
    return yuan_label(value) or "未知"


@register.filter
def page_kind(page) -> str:
    """What a listed page is, in the reader's words: 文章, 案例分析 or 防诈周报."""
    return str(type(page)._meta.verbose_name) if page is not None else ""


@register.filter
def display_date(page) -> datetime.datetime:
    """The date to show for a page: first published, else last saved, else now (a preview)."""
    for value in (
        getattr(page, "first_published_at", None),
        getattr(page, "last_published_at", None),
        getattr(page, "latest_revision_created_at", None),
    ):
        if value:
            return value
    return timezone.now()


@register.simple_tag
def reader_case_study(case):
    """`{% reader_case_study value.case_study as case %}`: the case if readers may see it, else None."""
    return case_study_for_readers(case)


@register.simple_tag
def bulletin_alerts(page):
    """A bulletin's alert items with their fraud types and case studies, in one query."""
    return page.alerts.all().select_related("fraud_type", "case_study").order_by("sort_order", "pk")


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """`?...&page=N`: the current query string with another page number, for pagination links."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else {}
    params = {key: value for key, value in params.items() if key != "page"}
    params["page"] = number
    return "?" + urlencode(params)


@register.filter
def kind_key(page) -> str:
    """The page type as a CSS-friendly key: articlepage, casestudypage, bulletinpage."""
    return type(page)._meta.model_name if page is not None else ""


@register.simple_tag
def first_image_block_id(stream, eager=False):
    """The id of the image block to load eagerly: the first one near the top, when `eager`.

    A page whose cover image is already the first thing on screen passes `eager=False`,
    so every image in its body loads lazily.
    """
    if not eager:
        return None
    for index, block in enumerate(stream or []):
        if index >= 3:
            break
        if block.block_type == "image":
            return block.id
    return None


@register.filter
def keep_amounts(value) -> str:
    """`{{ page.title|keep_amounts }}`: the text, escaped, with each amount kept on one line
    with its unit ("52.6 万元" never wraps as "52.6 万" / "元"); for visible headings only,
    not for <title> or share text, which must stay plain."""
    return mark_safe(keep_amounts_together(str(conditional_escape(value))))  # noqa: S308 - escaped just above


@register.simple_tag(takes_context=True)
def kept_stream(context, stream, eager=False):
    """`{% kept_stream page.body eager %}`: includes/stream.html for this body, kept in the process.

    The blocks' HTML depends only on the body as stored (a draft in a preview has its own),
    the snippets, pages and images it names, and the host it is read on: the key holds the
    body's hash, the host and the language, and the page cache's generation (core/memo.py)
    moves on with every change to what it names. The first render of a body in a process
    is the include's own; later ones skip the blocks' templates.
    """
    request = context.get("request")
    body = json.dumps(stream.get_prep_value() if stream else [], ensure_ascii=False, sort_keys=True)
    key = (
        "stream",
        hashlib.sha256(body.encode()).hexdigest(),
        bool(eager),
        request.scheme if request is not None else "",
        request.get_host() if request is not None else "",
        get_language(),
    )

    def render():
        included = context.template.engine.get_template("includes/stream.html")
        with context.push(stream=stream, eager=eager):
            return mark_safe(included.render(context))  # noqa: S308 - the template escaped it

    return memoized(key, render)
