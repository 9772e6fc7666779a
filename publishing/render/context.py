"""What a theme's templates receive: a page's content flattened into plain values.

Templates get no model methods to call and no queries to run: `page_context()` reads the
page, its column, the hotlines and the brand setting once and hands over dicts and strings.
Body blocks become dicts with a `type` that picks `_base/blocks/<type>.html`. Images become
poster-sized renditions (`image_source`), each recorded in `image_keys` for the content hash.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from content.sanitize import MAX_TABLE_COLUMNS, MAX_TABLE_ROWS
from content.selectors import case_study_for_readers
from core.public_urls import public_url
from core.sites import page_site
from themes.catalogue import Theme

from .errors import ImageRenderError, ImageTooLargeError

logger = logging.getLogger(__name__)

POSTER_IMAGE_FILTER = "max-1080x3000|format-jpeg|jpegquality-85"


def page_context(*, page, theme: Theme, kind: str, site: Site | None = None) -> dict:
    """The template context of `page` rendered as `kind` ("poster" or "pdf") in `theme`."""
    from content.models import BrandSettings, BulletinPage, CaseStudyPage, Hotline

    site = site or page_site(page)
    brand = BrandSettings.for_site(site) if site else BrandSettings()
    column = page.column if hasattr(page, "column") else None
    image_keys: list[str] = []
    warnings: list[str] = []
    published = local_date(page.last_published_at or page.first_published_at)
    context = {
        "page": page,
        "kind": kind,
        "theme": theme,
        "colours": theme.colours,
        "font_family": '"Poster Serif"' if theme.font == "serif" else '"Poster Sans"',
        "brand": brand,
        "column": column,
        "column_name": column.title if column else "",
        "hotlines": list(Hotline.objects.all()),
        "published": published,
        "published_label": f"{published:%Y年%m月%d日}",
        "summary": page.summary if hasattr(page, "summary") else "",
        "image_keys": image_keys,
        "warnings": warnings,
        "author": getattr(page, "author", "") or brand.name,
    }
    if isinstance(page, BulletinPage):
        context.update(_bulletin_context(page, image_keys))
    elif isinstance(page, CaseStudyPage):
        context.update(_case_study_context(page, image_keys))
    else:
        context.update(page_type="article", blocks=body_blocks(getattr(page, "body", None), image_keys))
    url = page.full_url if page.pk and page.url_path else None
    if not url:
        url = public_url("/")
        warnings.append("页面尚未发布，二维码暂时指向网站首页；发布后重新生成即可指向本页。")
    context["qr_url"] = url
    context["stamp"] = Stamp(url=url, lines=_stamp_lines(context, brand))
    return context


def _stamp_lines(context: dict, brand) -> tuple[str, ...]:
    if context["page_type"] == "bulletin":
        label = f"{context['issue_label']} · {context['date_range']}"
    else:
        label = " · ".join(part for part in (context["column_name"], context["published_label"]) if part)
    return ("扫码阅读完整版", brand.name, label)


def _bulletin_context(page, image_keys: list[str]) -> dict:
    alerts = []
    alerts_queryset = page.alerts.all()
    if hasattr(alerts_queryset, "select_related"):
        alerts_queryset = alerts_queryset.select_related("fraud_type", "case_study")
    for number, alert in enumerate(alerts_queryset, start=1):
        alerts.append(
            {
                "number": f"{number:02d}",
                "fraud_type": alert.fraud_type.name if alert.fraud_type_id else "",
                "title": alert.title,
                "paragraphs": _paragraphs(alert.body),
                "case_study": _case_title(alert.case_study if alert.case_study_id else None),
            }
        )
    return {
        "page_type": "bulletin",
        "heading": "防范电信网络诈骗周报",
        "issue_label": page.issue_label,
        "date_range": page.date_range_label,
        "lead_warning": _paragraphs(page.lead_warning),
        "alerts": alerts,
        "tip_of_week": _paragraphs(page.tip_of_week),
        "blocks": body_blocks(page.body, image_keys),
    }


def _case_title(case) -> str:
    """The title of a referenced case study, or "" when readers may not see it (a draft, a private case)."""
    case = case_study_for_readers(case)
    return case.title if case is not None else ""


def _case_study_context(page, image_keys: list[str]) -> dict:
    facts = []
    if page.fraud_type_id:
        facts.append(("诈骗类型", page.fraud_type.name))
    if page.region:
        facts.append(("地区", page.region))
    if page.occurred_on:
        facts.append(("案发时间", f"{page.occurred_on:%Y年%m月}"))
    if page.loss_amount is not None:
        facts.append(("损失金额", page.loss_amount_label))
    return {
        "page_type": "case_study",
        "fraud_type": page.fraud_type.name if page.fraud_type_id else "",
        "facts": facts,
        "sections": [
            {"number": f"{index:02d}", "key": section["key"], "title": str(section["title"]),
             "html": richtext_html(section["html"])}
            for index, section in enumerate(page.sections, start=1)
        ],
        "blocks": body_blocks(page.body, image_keys),
    }


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def body_blocks(stream, image_keys: list[str]) -> list[dict]:
    """The blocks of a body StreamField as plain dicts for the `_base/blocks/` templates."""
    if not stream:
        return []
    blocks = []
    for child in stream:
        block = _block_dict(child.block_type, child.value, image_keys)
        if block:
            blocks.append(block)
    return blocks


def _block_dict(block_type: str, value, image_keys: list[str]) -> dict | None:
    if block_type == "paragraph":
        return {"type": "paragraph", "html": richtext_html(value)}
    if block_type == "heading":
        return {"type": "heading", "text": value["text"], "level": value.get("level") or "h2"}
    if block_type == "image":
        if not value.get("image"):
            return None
        source = image_source(value["image"], image_keys=image_keys)
        return {"type": "image", **source, "alt": value.get("alt") or source["alt"],
                "caption": value.get("caption", "")}
    if block_type == "callout":
        return {"type": "callout", "kind": value.css_modifier, "title": value.display_title,
                "html": richtext_html(value["body"])}
    if block_type == "key_points":
        return {"type": "key_points", "title": value["title"], "points": list(value["points"])}
    if block_type == "quiz":
        return {"type": "quiz", "question": value["question"], "choices": value.lettered_choices,
                "answer": value.get("answer"), "answer_text": value.answer_text,
                "explanation": richtext_html(value["explanation"])}
    if block_type == "hotline":
        hotline = value.get("hotline")
        if hotline is None:
            return None
        return {"type": "hotline", "name": hotline.name, "number": hotline.number,
                "description": hotline.description, "hours": hotline.service_hours,
                "note": value.get("note", "")}
    if block_type == "case_study":
        case = case_study_for_readers(value.get("case_study"))
        if case is None:
            return None
        return {"type": "case_study", "title": case.title, "summary": getattr(case, "summary", ""),
                "fraud_type": case.fraud_type.name if getattr(case, "fraud_type_id", None) else "",
                "note": value.get("note", "")}
    if block_type == "table":
        data = ((value.get("table") or {}).get("data") or [])[:MAX_TABLE_ROWS]
        rows = [[cell or "" for cell in row[:MAX_TABLE_COLUMNS]] for row in data if any(cell for cell in row)]
        return {"type": "table", "caption": value.get("caption", ""), "rows": rows}
    if block_type == "html":
        return {"type": "html", "html": str(value)}
    logger.info("Block type %s has no poster template; left out of the render", block_type)
    return {"type": "text", "text": strip_tags(str(value))}


@dataclass(frozen=True)
class Stamp:
    """What the finishing step draws in the theme's QR slot: the code and three short lines."""

    url: str
    lines: tuple[str, ...]


def image_source(image, *, image_keys: list[str]) -> dict:
    """A poster-sized rendition of a Wagtail image as {src, width, height, alt}.

    Raises ImageTooLargeError for images over Pillow's pixel limit and ImageRenderError for
    files Pillow cannot read, each naming the image so the editor knows which one to fix.
    """
    from PIL import Image as PILImage

    limit = PILImage.MAX_IMAGE_PIXELS
    if limit and image.width * image.height > limit:
        raise ImageTooLargeError(
            f"图片“{image.title}”有 {image.width}×{image.height} 像素，超过允许的上限"
            f"（{limit:,} 像素），无法生成。请缩小后重新上传。"
        )
    try:
        rendition = image.get_rendition(POSTER_IMAGE_FILTER)
    except Exception as error:
        logger.warning("Image %s (%s) cannot be read: %r", image.pk, image.file.name, error)
        raise ImageRenderError(
            f"图片“{image.title}”无法读取（文件损坏、缺失或格式不受支持），请重新上传这张图片后再生成。"
        ) from error
    image_keys.append(f"{rendition.file.name}:{image.file_hash or image.file.name}")
    return {
        "src": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text if hasattr(image, "default_alt_text") else image.title,
    }


def richtext_html(value) -> str:
    """Stored rich text (a string or a RichText value) as HTML, internal links expanded."""
    source = getattr(value, "source", value) or ""
    return expand_db_html(str(source))


def local_date(value: datetime.datetime | datetime.date | None) -> datetime.date:
    if value is None:
        return timezone.localdate()
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value
