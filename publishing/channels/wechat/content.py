"""Article HTML rebuilt for WeChat: the page as plain semantic HTML, CSS inlined, only tags WeChat keeps.

WeChat drops `<style>`, classes, scripts and links to other sites, and shows only images
uploaded through `media/uploadimg`. So the article is built here from the page's fields
and blocks (not from the H5 template), styled by ARTICLE_CSS inlined into `style`
attributes (css-inline), then cleaned to WeChat's tags and attributes. Images appear as
`src="jrcs-image:<token>/<key>"` placeholders; `WechatArticle.content_with(urls)` swaps in
the URLs that uploadimg returned. The token is random and new for every build, so no text an
editor types (`jrcs-image:foo` in a summary, say) can look like a placeholder: such text goes
out exactly as written.

A page whose 公众号设置 says 长图 goes out as its poster: the slices stacked in one section
with nothing between them (no margin, no line box: `line-height:0`, each image a full-width
block), so that on a phone they read as one long image; the first slice's alt text is the
poster's transcript. 长图 + 图文 adds the text version below; if both together would pass
WeChat's content limit, the poster alone goes out with a pointer to 阅读原文 (a poster is
never refused for its length: oversized slices are cut again in `assets.poster_slices`).

>>> article = article_build(page=bulletin, page_url="https://h5.example.com/fanzha/12/", slices=slices)  # doctest: +SKIP
>>> article.images[0].key, len(article.content_with({...}))                                                # doctest: +SKIP
('slice-1', 2480)
"""

import logging
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.html import escape, format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe

from wagtail.rich_text import expand_db_html

import bleach
import css_inline
from bleach.css_sanitizer import CSSSanitizer

from content.sanitize import (
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    TableLimitFilter,
    drop_unsafe_elements,
)
from content.selectors import case_study_for_readers

from ..assets import ImageSource, wagtail_image_source

logger = logging.getLogger(__name__)

TITLE_MAX = 32
AUTHOR_MAX = 16
DIGEST_MAX = 128
CONTENT_MAX_CHARS = 20_000
CONTENT_MAX_BYTES = 1024 * 1024
ALT_TEXT_MAX = 2000
PLACEHOLDER_PREFIX = "jrcs-image:"
# As long as a real uploadimg URL, so that length checks at save time are honest.
PLACEHOLDER_URL = "http://mmbiz.qpic.cn/mmbiz_jpg/" + "x" * 86 + "/0"

ARTICLE_CSS = """
section, p, li, td, th, figcaption { font-size: 16px; line-height: 1.75; color: #333333; }
p { margin: 0 0 16px 0; }
h2 { font-size: 19px; font-weight: bold; color: #0b5cad; margin: 28px 0 12px 0; padding-left: 10px; border-left: 4px solid #0b5cad; }
h3 { font-size: 17px; font-weight: bold; color: #222222; margin: 22px 0 10px 0; }
img { max-width: 100%; height: auto; display: block; margin: 0 auto; }
figure { margin: 0 0 16px 0; }
figcaption { font-size: 13px; color: #888888; text-align: center; margin-top: 6px; }
blockquote { margin: 0 0 16px 0; padding: 8px 12px; border-left: 3px solid #cccccc; color: #666666; }
.lead { font-size: 15px; color: #666666; padding: 10px 12px; background-color: #f5f7fa; border-radius: 4px; }
.meta { font-size: 14px; color: #888888; }
.issue { font-size: 15px; font-weight: bold; color: #c8102e; text-align: center; }
.poster { margin: 0 0 16px 0; padding: 0; line-height: 0; font-size: 0; }
.poster-slice { display: block; width: 100%; margin: 0; }
.text-version { font-size: 14px; color: #888888; text-align: center; margin: 8px 0 16px 0; }
.callout { margin: 0 0 16px 0; padding: 12px 14px; border-radius: 6px; background-color: #eef5fc; border: 1px solid #b9d4ef; }
.callout-warning { background-color: #fdf0f0; border: 1px solid #f0b8b8; }
.callout-important { background-color: #fff8e6; border: 1px solid #f2d58a; }
.callout-title { font-weight: bold; margin: 0 0 6px 0; }
.key-points { margin: 0 0 16px 0; padding: 12px 14px; background-color: #f5f7fa; border-radius: 6px; }
.box-title { font-weight: bold; color: #0b5cad; margin: 0 0 6px 0; }
.quiz { margin: 0 0 16px 0; padding: 12px 14px; border: 1px dashed #0b5cad; border-radius: 6px; }
.quiz-answer { font-weight: bold; color: #1a7f37; margin: 8px 0 4px 0; }
.hotline { margin: 0 0 16px 0; padding: 10px 14px; background-color: #fdf0f0; border-radius: 6px; }
.case-ref { margin: 0 0 16px 0; padding: 10px 14px; border: 1px solid #dddddd; border-radius: 6px; }
.alert { margin: 0 0 14px 0; padding: 10px 14px; border-left: 4px solid #c8102e; background-color: #fafafa; }
.footer { margin-top: 28px; padding-top: 12px; border-top: 1px solid #eeeeee; font-size: 14px; color: #888888; }
table { width: 100%; border-collapse: collapse; margin: 0 0 16px 0; }
td, th { border: 1px solid #dddddd; padding: 6px 8px; font-size: 14px; }
th { background-color: #f5f7fa; font-weight: bold; }
"""

WECHAT_TAGS = frozenset({
    "section", "p", "span", "strong", "b", "em", "i", "u", "br", "h1", "h2", "h3", "h4",
    "blockquote", "ul", "ol", "li", "img", "table", "thead", "tbody", "tr", "th", "td",
    "hr", "sup", "sub", "figure", "figcaption",
})
WECHAT_ATTRIBUTES = {
    "*": ["style"],
    "img": ["src", "alt", "style"],
    "td": ["colspan", "rowspan", "style"],
    "th": ["colspan", "rowspan", "style"],
}
WECHAT_CSS_PROPERTIES = frozenset({
    "color", "background-color", "font-size", "font-weight", "font-style", "line-height",
    "letter-spacing", "text-align", "text-decoration", "text-indent", "margin", "margin-top",
    "margin-bottom", "margin-left", "margin-right", "padding", "padding-top", "padding-bottom",
    "padding-left", "padding-right", "border", "border-top", "border-bottom", "border-left",
    "border-right", "border-radius", "border-collapse", "width", "max-width", "height",
    "display", "vertical-align", "word-break", "list-style-type",
})
_CLEANER = bleach.sanitizer.Cleaner(
    tags=WECHAT_TAGS,
    attributes=WECHAT_ATTRIBUTES,
    protocols=frozenset({"http", "https", "jrcs-image"}),
    css_sanitizer=CSSSanitizer(allowed_css_properties=WECHAT_CSS_PROPERTIES),
    strip=True,
    strip_comments=True,
    filters=[TableLimitFilter],
)
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False)


@dataclass
class WechatArticle:
    """The fields of one draft/add article, with image placeholders in `content`."""

    title: str
    author: str
    digest: str
    content: str
    content_source_url: str
    images: list[ImageSource] = field(default_factory=list)
    token: str = ""

    def placeholder(self, key: str) -> str:
        """The `src` that stands for image `key` in `content` until it is uploaded."""
        return placeholder_src(self.token, key)

    def content_with(self, urls: Mapping[str, str]) -> str:
        """The content with every placeholder replaced by its uploaded URL (KeyError if one is missing)."""
        return re.sub(
            re.escape(placeholder_src(self.token, "")) + r"([A-Za-z0-9_.-]+)",
            lambda match: escape(urls[match.group(1)]),
            self.content,
        )

    def as_payload(self, *, urls: Mapping[str, str], thumb_media_id: str) -> dict:
        """The article as draft/add wants it."""
        return {
            "title": self.title,
            "author": self.author,
            "digest": self.digest,
            "content": self.content_with(urls),
            "content_source_url": self.content_source_url,
            "thumb_media_id": thumb_media_id,
            "need_open_comment": 0,
            "only_fans_can_comment": 0,
        }

    def limit_problems(self, *, urls: Mapping[str, str] | None = None) -> dict[str, str]:
        """What WeChat would reject, as {field: Chinese reason}; empty when the article fits."""
        content = self.content_with(urls) if urls is not None else self.content_with(_placeholder_urls(self))
        problems = {}
        if len(self.title) > TITLE_MAX:
            problems["title"] = (
                f"标题有 {len(self.title)} 个字，公众号标题最多 {TITLE_MAX} 个字，请缩短 {len(self.title) - TITLE_MAX} 个字。"
            )
        if len(self.digest) > DIGEST_MAX:
            problems["summary"] = f"摘要有 {len(self.digest)} 个字，公众号摘要最多 {DIGEST_MAX} 个字。"
        if len(self.author) > AUTHOR_MAX:
            problems["author"] = (
                f"作者“{self.author}”有 {len(self.author)} 个字，公众号作者最多 {AUTHOR_MAX} 个字。"
            )
        size = len(content.encode("utf-8"))
        if len(content) >= CONTENT_MAX_CHARS or size >= CONTENT_MAX_BYTES:
            problems["body"] = (
                f"正文排版后有 {len(content):,} 个字符（{size / 1024:.0f} KB），超过公众号的上限"
                f"（{CONTENT_MAX_CHARS:,} 个字符且小于 1 MB）。请删减正文或拆成两篇。"
            )
        return problems


def placeholder_src(token: str, key: str) -> str:
    """`jrcs-image:<token>/<key>`: an image's place in an article built with `token`."""
    return f"{PLACEHOLDER_PREFIX}{token}/{key}"


def _placeholder_urls(article: WechatArticle) -> dict[str, str]:
    return {image.key: PLACEHOLDER_URL for image in article.images}


def wechat_clean(html: str) -> str:
    """Inline ARTICLE_CSS into `html`, then keep only the tags, attributes and styles WeChat keeps.

    Unsafe elements go first, and tables are clamped, exactly as the site's sanitiser does
    (content/sanitize.py), so both agree on what an HTML block may hold.
    """
    inlined = _INLINER.inline_fragment(drop_unsafe_elements(html), ARTICLE_CSS)
    return _CLEANER.clean(inlined).strip()


# Building the HTML


class _Builder:
    """Collects the HTML parts and the images of one article."""

    def __init__(self):
        self.parts: list[str] = []
        self.images: list[ImageSource] = []
        self.token = secrets.token_hex(16)

    def add(self, html) -> None:
        if html:
            self.parts.append(str(html))

    def img(self, source: ImageSource, *, alt: str = "", css_class: str = ""):
        """An <img> of `source` (a placeholder until uploaded); the image is sent once however often it is used."""
        if source.key not in {known.key for known in self.images}:
            self.images.append(source)
        src = placeholder_src(self.token, source.key)
        if css_class:
            return format_html('<img class="{}" src="{}" alt="{}">', css_class, src, alt)
        return format_html('<img src="{}" alt="{}">', src, alt)

    def html(self) -> str:
        return "\n".join(self.parts)


def _richtext(value) -> str:
    source = getattr(value, "source", value) or ""
    return expand_db_html(str(source))


def _text(value: str) -> str:
    return linebreaks(value or "")


def _image_context(builder: _Builder, value) -> dict | None:
    image = value.get("image")
    if not image:
        return None
    img = builder.img(wagtail_image_source(image), alt=value.get("alt") or image.title)
    return {"img": img, "caption": value.get("caption") or ""}


def _quiz_context(builder: _Builder, value) -> dict:
    choices = list(getattr(value, "lettered_choices", []))
    answer = next((choice for choice in choices if choice["correct"]), None)
    return {"question": value.get("question", ""), "choices": choices, "answer": answer,
            "explanation": value.get("explanation")}


def _hotline_context(builder: _Builder, value) -> dict | None:
    hotline = value.get("hotline")
    if not hotline:
        return None
    return {"hotline": hotline, "note": value.get("note") or hotline.description}


def _case_study_context(builder: _Builder, value) -> dict | None:
    case = case_study_for_readers(value.get("case_study"))
    if case is None:
        return None
    return {"case": case, "note": value.get("note") or getattr(case, "summary", "")}


def _table_context(builder: _Builder, value) -> dict | None:
    table = value.get("table") or {}
    rows = [row[:MAX_TABLE_COLUMNS] for row in (table.get("data") or [])[:MAX_TABLE_ROWS]]
    if not rows:
        return None
    return {"rows": rows, "header": bool(table.get("first_row_is_table_header")), "caption": value.get("caption") or ""}


# Each block type: the context its template (wechat/blocks/<type>.html) gets, or None to leave it out.
BLOCK_CONTEXTS = {
    "paragraph": lambda builder, value: {"value": value},
    "heading": lambda builder, value: {"level": "h3" if value.get("level") == "h3" else "h2", "text": value.get("text", "")},
    "image": _image_context,
    "callout": lambda builder, value: {
        "kind": value.get("kind") or "tip",
        "title": getattr(value, "display_title", value.get("title") or ""),
        "body": value.get("body"),
    },
    "key_points": lambda builder, value: {"title": value.get("title") or "要点", "points": value.get("points") or []},
    "quiz": _quiz_context,
    "hotline": _hotline_context,
    "case_study": _case_study_context,
    "table": _table_context,
    # Sanitised by the block when it was read; cleaned again by wechat_clean.
    "html": lambda builder, value: {"value": value},
}


def _block(builder: _Builder, block_type: str, value) -> None:
    """Add one body block, rendered with its template as WeChat keeps it (wechat_clean runs on the whole)."""
    context_for = BLOCK_CONTEXTS.get(block_type)
    context = context_for(builder, value) if context_for else None
    if context is not None:
        builder.add(render_to_string(f"wechat/blocks/{block_type}.html", context).strip())


def _stream(builder: _Builder, stream) -> None:
    for child in stream or []:
        _block(builder, child.block_type, child.value)


def _article_body(builder: _Builder, page) -> None:
    if page.summary:
        builder.add(format_html('<p class="lead">{}</p>', page.summary))
    _stream(builder, page.body)


def _case_study_body(builder: _Builder, page) -> None:
    facts = [page.fraud_type.name if page.fraud_type_id else "", page.region]
    if page.loss_amount is not None:
        facts.append(f"损失 {page.loss_amount_label}")
    facts = [fact for fact in facts if fact]
    if facts:
        builder.add(format_html('<p class="meta">{}</p>', " · ".join(facts)))
    if page.summary:
        builder.add(format_html('<p class="lead">{}</p>', page.summary))
    for section in page.sections:
        builder.add(format_html("<h2>{}</h2>", section["title"]))
        builder.add(mark_safe(_richtext(section["html"])))  # noqa: S308
    _stream(builder, page.body)


def _bulletin_body(builder: _Builder, page) -> None:
    builder.add(format_html('<p class="issue">{} · {}</p>', page.issue_label, page.date_range_label))
    builder.add(format_html(
        '<section class="callout callout-warning"><p class="callout-title">本周预警</p>{}</section>',
        mark_safe(_text(page.lead_warning)),  # noqa: S308 - linebreaks escapes
    ))
    for alert in page.alerts.all():
        fraud = alert.fraud_type.name if alert.fraud_type_id else ""
        builder.add(format_html(
            '<section class="alert"><h3>{}</h3><p class="meta">{}</p>{}</section>',
            alert.title, fraud, mark_safe(_text(alert.body)),  # noqa: S308
        ))
    builder.add(format_html(
        '<section class="key-points"><p class="box-title">本周提示</p>{}</section>', mark_safe(_text(page.tip_of_week))  # noqa: S308
    ))
    _stream(builder, page.body)


def _footer(builder: _Builder) -> None:
    from content.models import Hotline

    hotlines = list(Hotline.objects.order_by("sort_order", "id")[:4])
    lines = format_html_join("", "<p>{}：{}</p>", ((h.name, h.number) for h in hotlines))
    builder.add(format_html(
        '<section class="footer"><p>点击左下角「阅读原文」，查看完整内容和互动问答。</p>{}</section>', lines
    ))


def article_author(page) -> str:
    """The author shown in WeChat: an article's own, else the brand's name."""
    author = getattr(page, "author", "") or ""
    if author:
        return author
    from content.models import BrandSettings
    from core.sites import page_site

    site = page_site(page)
    return BrandSettings.for_site(site).name if site else "金融常识"


def _text_body(builder: _Builder, page) -> None:
    from content.models import ArticlePage, BulletinPage, CaseStudyPage

    if isinstance(page, BulletinPage):
        _bulletin_body(builder, page)
    elif isinstance(page, CaseStudyPage):
        _case_study_body(builder, page)
    elif isinstance(page, ArticlePage):
        _article_body(builder, page)
    else:
        builder.add(format_html("<p>{}</p>", page.share_description))


def slice_alt_texts(*, title: str, transcript: str, count: int) -> list[str]:
    """Alt text of each of `count` stacked slices: the first carries the poster's whole transcript
    (a screen reader reads it once, in order), the others say where they belong.

    >>> slice_alt_texts(title="第12期", transcript="本周预警\n刷单", count=2)
    ['第12期（长图，共 2 张）：本周预警 刷单', '第12期（长图第 2/2 张）']
    """
    text = " ".join(line.strip() for line in (transcript or "").splitlines() if line.strip())
    if len(text) > ALT_TEXT_MAX:
        text = text[: ALT_TEXT_MAX - 1] + "…"
    first = f"{title}（长图，共 {count} 张）：{text}" if text else f"{title}（长图，共 {count} 张）"
    return [first] + [f"{title}（长图第 {index}/{count} 张）" for index in range(2, count + 1)]


def _poster(builder: _Builder, page, slices: list[ImageSource], transcript: str) -> None:
    alts = slice_alt_texts(title=page.title, transcript=transcript, count=len(slices))
    images = format_html_join("", "{}", (
        (builder.img(source, alt=alt, css_class="poster-slice"),) for source, alt in zip(slices, alts, strict=True)
    ))
    builder.add(format_html('<section class="poster">{}</section>', images))


def _assemble(*, page, page_url: str, slices, transcript: str, with_text: bool, text_note: str = "") -> WechatArticle:
    builder = _Builder()
    if slices:
        _poster(builder, page, slices, transcript)
        if with_text:
            builder.add(format_html('<p class="text-version">{}</p>', "— 以下为文字版 —"))
        elif text_note:
            builder.add(format_html('<p class="text-version">{}</p>', text_note))
    if with_text or not slices:
        _text_body(builder, page)
    _footer(builder)
    return WechatArticle(
        title=page.title,
        author=article_author(page),
        digest=page.summary or page.share_description or "",
        content=wechat_clean(builder.html()),
        content_source_url=page_url,
        images=builder.images,
        token=builder.token,
    )


def article_build(*, page, page_url: str, slices: list[ImageSource] | None = None, transcript: str = "",
                  with_text: bool = True) -> WechatArticle:
    """The WeChat article for `page` (an ArticlePage, CaseStudyPage or BulletinPage).

    With `slices` (the page's poster slices, top to bottom) the article opens with the
    poster, stacked seamlessly, its alt text from `transcript`; the text version follows
    when `with_text` (长图 + 图文). Without slices it is the text version. `page_url` is the
    H5 page WeChat links to as 阅读原文. When the poster and the text together pass WeChat's
    content limit, the text is left out (the poster is the article) rather than the article refused.
    """
    article = _assemble(page=page, page_url=page_url, slices=slices or [], transcript=transcript, with_text=with_text)
    if slices and with_text and "body" in article.limit_problems():
        logger.info("Page %s: poster and text together are too long for WeChat; sending the poster alone", page.pk)
        article = _assemble(page=page, page_url=page_url, slices=slices, transcript=transcript, with_text=False,
                            text_note="文字版较长，请点击左下角「阅读原文」查看。")
    return article
