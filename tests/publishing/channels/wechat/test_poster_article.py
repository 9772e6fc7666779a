"""A 长图 page's WeChat article is its poster (slices in order, stacked seamlessly) and, by default, its text."""

import hashlib
import re
import shutil
import subprocess

from wagtail.models import Site

import pytest
from PIL import Image

from content.factories import ArticlePageFactory
from content.models import BulletinAlert, FraudType
from publishing.channels.wechat.content import CONTENT_MAX_CHARS, slice_alt_texts
from publishing.deliveries.models import Delivery, DeliveryStatus
from publishing.outreach.models import (
    FORMAT_BOTH,
    FORMAT_POSTER,
    FORMAT_TEXT,
    MODE_PUBLISH,
    WechatSettings,
)

pytestmark = pytest.mark.django_db

IMG = re.compile(r"<img\b[^>]*>")


def wechat_settings(**values) -> WechatSettings:
    settings = WechatSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in {"bulletin_mode": MODE_PUBLISH, "article_mode": MODE_PUBLISH, **values}.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def only_wechat(channel_settings):
    for prefix in ("article", "case_study", "bulletin"):
        for name in ("app", "douyin", "wechat_channels"):
            setattr(channel_settings, f"{prefix}_{name}", False)
    channel_settings.save()


def deliver(page, capture, task_queue) -> Delivery:
    with capture(execute=True):
        page.save_revision().publish()
    task_queue.run()
    return Delivery.objects.get(page_id=page.pk, channel="wechat")


def the_draft(sandbox) -> tuple[dict, list[dict]]:
    """The one draft's article and the uploaded images it shows, in reading order."""
    [(media_id, draft)] = sandbox.drafts.items()
    return draft["articles"][0], sandbox.state()["drafts"][media_id]["images"][0]


def sha1(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def test_a_bulletin_is_its_poster_in_order_then_its_text(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    only_wechat(channel_settings)
    wechat_settings(bulletin_format=FORMAT_BOTH)
    fake_renders.slice_count = 4
    bulletin = site_pages["bulletin"]
    delivery = deliver(bulletin, django_capture_on_commit_callbacks, task_queue)
    assert delivery.status == DeliveryStatus.PUBLISHED, delivery.status_message

    article, images = the_draft(wechat_sandbox)
    # The slices, exactly the poster's, top to bottom, each a JPG under 1 MB at full width.
    assert [image["sha1"] for image in images] == [sha1(fake_renders.slice_bytes(n)) for n in range(1, 5)]
    assert all(image["size"] < 1024 * 1024 and image["kind"] == "jpeg" and image["width"] == 1080 for image in images)
    # One section holds them with nothing between: no line box, no margins, full width.
    content = article["content"]
    section = re.search(r"<section style=\"([^\"]*)\">((?:<img\b[^>]*>\s*)+)</section>", content)
    assert section, content[:600]
    assert "line-height: 0" in section.group(1) and "font-size: 0" in section.group(1)
    tags = IMG.findall(section.group(2))
    assert len(tags) == 4
    for tag in tags:
        assert "display: block" in tag and "width: 100%" in tag and "margin: 0" in tag
    # Alt text from the poster's transcript.
    assert "本周预警：刷单返利又出新花样" in tags[0] and "长图第 2/4 张" in tags[1]
    # The text version follows the poster, then the footer pointing at 阅读原文.
    poster_end = content.index("</section>", section.start())
    assert content.index("以下为文字版") > poster_end
    assert content.index(bulletin.lead_warning[:8]) > poster_end
    assert "阅读原文" in content
    assert article["content_source_url"].startswith(bulletin.get_full_url())
    # The cover is the poster's 900×383 cover.
    [material] = wechat_sandbox.materials.values()
    assert material["type"] == "image" and material["size"] == fake_renders.cover_size


def test_a_poster_only_article_has_no_text_version(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    only_wechat(channel_settings)
    wechat_settings(article_format=FORMAT_POSTER)
    article_page = ArticlePageFactory(parent=site_pages["credit"], title="征信修复是骗局", slug="zhengxin-xiufu")
    delivery = deliver(article_page, django_capture_on_commit_callbacks, task_queue)
    assert delivery.status == DeliveryStatus.PUBLISHED, delivery.status_message
    article, images = the_draft(wechat_sandbox)
    assert len(images) == 3
    assert "以下为文字版" not in article["content"] and "<h2" not in article["content"]
    assert ("poster", ) == tuple({kind for _pk, kind in fake_renders.calls})


def test_text_format_sends_no_slices(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    only_wechat(channel_settings)
    wechat_settings(bulletin_format=FORMAT_TEXT)
    bulletin = site_pages["bulletin"]
    deliver(bulletin, django_capture_on_commit_callbacks, task_queue)
    article, images = the_draft(wechat_sandbox)
    assert images == []
    assert bulletin.lead_warning[:8] in article["content"]


def test_an_oversized_slice_is_cut_again_at_full_width_not_shrunk(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    only_wechat(channel_settings)
    wechat_settings(bulletin_format=FORMAT_POSTER)
    fake_renders.oversized_slice = 2
    assert len(fake_renders.slice_bytes(2)) > 1024 * 1024
    delivery = deliver(site_pages["bulletin"], django_capture_on_commit_callbacks, task_queue)
    assert delivery.status == DeliveryStatus.PUBLISHED, delivery.status_message
    _article, images = the_draft(wechat_sandbox)
    assert len(images) > 3
    assert all(image["size"] < 1024 * 1024 and image["width"] == 1080 for image in images)
    assert images[0]["sha1"] == sha1(fake_renders.slice_bytes(1))
    assert images[-1]["sha1"] == sha1(fake_renders.slice_bytes(3))
    assert sum(image["height"] for image in images[1:-1]) == fake_renders.slice_height(2)


def test_a_poster_too_long_with_its_text_goes_out_as_the_poster_alone(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    only_wechat(channel_settings)
    wechat_settings(bulletin_format=FORMAT_BOTH)
    fake_renders.slice_count = 75  # about 17,000 characters of <img> tags
    bulletin = site_pages["bulletin"]
    fraud_type = FraudType.objects.get(slug="fake-loan")
    bulletin.alerts.add(*[  # and about 4,000 of text: no room for both
        BulletinAlert(fraud_type=fraud_type, title=f"预警{n}", body="正规贷款不会在放款前收取任何费用。" * 23)
        for n in range(10)
    ])
    delivery = deliver(bulletin, django_capture_on_commit_callbacks, task_queue)
    assert delivery.status == DeliveryStatus.PUBLISHED, delivery.status_message
    article, images = the_draft(wechat_sandbox)
    assert len(images) == 75
    assert len(article["content"]) < CONTENT_MAX_CHARS
    assert "以下为文字版" not in article["content"] and "文字版较长" in article["content"]


def test_alt_texts_carry_the_transcript_once():
    alts = slice_alt_texts(title="周报", transcript="第一行\n\n第二行\n", count=3)
    assert alts == ["周报（长图，共 3 张）：第一行 第二行", "周报（长图第 2/3 张）", "周报（长图第 3/3 张）"]
    assert len(slice_alt_texts(title="周报", transcript="字" * 9000, count=1)[0]) < 2100


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# WeChat's article body as a phone shows it: side padding, a large line height, a font size.
WECHAT_PAGE = """<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<body style="margin:0;background:#fff"><div style="padding:0 16px;font-size:17px;line-height:1.6;color:#333">{}</div>"""


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_on_a_390px_phone_the_stacked_slices_show_as_one_image(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings, tmp_path
):
    only_wechat(channel_settings)
    wechat_settings(bulletin_format=FORMAT_BOTH)
    fake_renders.slice_count = 3
    deliver(site_pages["bulletin"], django_capture_on_commit_callbacks, task_queue)
    article, images = the_draft(wechat_sandbox)
    content = article["content"]
    for index, image in enumerate(images, start=1):
        (tmp_path / f"{index}.jpg").write_bytes(fake_renders.slice_bytes(index))
        content = content.replace(next(url for url, known in wechat_sandbox.images.items() if known is image), f"{index}.jpg")
    (tmp_path / "article.html").write_text(WECHAT_PAGE.format(content), encoding="utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run(  # noqa: S603 - a fixed local browser on a file we wrote
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--hide-scrollbars", "--window-size=390,1400", f"--screenshot={shot}", (tmp_path / "article.html").as_uri()],
        check=True, capture_output=True, timeout=60,
    )
    with Image.open(shot) as picture:
        column = [picture.convert("RGB").getpixel((195, y)) for y in range(picture.height)]
    colours = [Image.open(tmp_path / f"{n}.jpg").convert("RGB").getpixel((540, 300)) for n in (1, 2, 3)]

    def near(a, b):
        return all(abs(x - y) <= 12 for x, y in zip(a, b, strict=True))

    rows = [next((i for i, c in enumerate(colours) if near(pixel, c)), None) for pixel in column]
    top = rows.index(0)
    bottom = len(rows) - 1 - rows[::-1].index(2)
    band = rows[top: bottom + 1]
    # From the first slice's top row to the last slice's bottom row every row is a slice's colour
    # (no white seam, no gap), in order, and the whole stack is 358 px wide × 3 × 600/1080 scaled.
    assert None not in band, f"a seam between slices at y={top + band.index(None)}"
    assert band == sorted(band)
    assert abs(len(band) - round(3 * 600 * 358 / 1080)) <= 2
