"""Article HTML for WeChat: CSS inlined, only WeChat's tags, images as placeholders, limits checked."""

import pytest

from content.factories import ArticlePageFactory, BulletinPageFactory, CaseStudyPageFactory
from publishing.channels.assets import ImageSource
from publishing.channels.wechat.content import (
    CONTENT_MAX_CHARS,
    PLACEHOLDER_PREFIX,
    article_build,
    wechat_clean,
)

from ..fixtures import jpeg_bytes

pytestmark = pytest.mark.django_db

URL = "https://h5.example.com/page/"


def test_css_is_inlined_and_classes_scripts_and_styles_dropped():
    html = wechat_clean(
        '<style>p{color:red}</style><section class="callout"><p class="callout-title" onclick="x()">注意</p>'
        '<script>alert(1)</script><a href="https://evil.example/">链接文字</a><iframe src="x"></iframe></section>'
    )
    assert "class=" not in html and "<style" not in html and "<script" not in html and "<iframe" not in html
    assert "onclick" not in html and "<a" not in html and "链接文字" in html
    assert 'style="' in html and "background-color" in html


def test_an_article_keeps_its_blocks_and_its_images_become_placeholders(site_pages):
    article = ArticlePageFactory(parent=site_pages["credit"], body__3="image", body__4="callout", body__5="key_points")
    built = article_build(page=article, page_url=URL)
    assert built.title == article.title and built.author == "消保团队"
    assert built.content_source_url == URL
    assert len(built.images) == 1 and built.images[0].key.startswith("image-")
    assert f'src="{built.placeholder(built.images[0].key)}"' in built.content and PLACEHOLDER_PREFIX in built.content
    assert "<h2" in built.content and "答案：" in built.content
    final = built.content_with({built.images[0].key: "http://mmbiz.qpic.cn/x/0"})
    assert 'src="http://mmbiz.qpic.cn/x/0"' in final and PLACEHOLDER_PREFIX not in final
    assert "阅读原文" in final
    with pytest.raises(KeyError):
        built.content_with({})


def test_a_case_study_writes_out_its_five_sections(site_pages):
    case = CaseStudyPageFactory(parent=site_pages["antifraud"])
    built = article_build(page=case, page_url=URL)
    for heading in ("案情经过", "作案手法", "识别要点", "防范建议", "受骗后怎么办"):
        assert heading in built.content
    assert "刷单返利" in built.content and "损失 3.8 万元" in built.content  # as the page and the poster write it


def test_a_bulletin_goes_out_as_its_poster_slices_in_order(site_pages):
    bulletin = BulletinPageFactory(parent=site_pages["antifraud"], issue_number=30)
    slices = [ImageSource(key=f"slice-{n}", load=lambda: (jpeg_bytes(10, 10), "s.jpg", "image/jpeg")) for n in (1, 2, 3)]
    built = article_build(page=bulletin, page_url=URL, slices=slices)
    assert [image.key for image in built.images] == ["slice-1", "slice-2", "slice-3"]
    positions = [built.content.index(built.placeholder(f"slice-{n}")) for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert "第 30 期" in built.content
    as_text = article_build(page=bulletin, page_url=URL)
    assert as_text.images == [] and "本周预警" in as_text.content and "本周提示" in as_text.content


def test_limits_are_reported_in_chinese_per_field(site_pages):
    article = ArticlePageFactory(parent=site_pages["credit"], title="短标题")
    built = article_build(page=article, page_url=URL)
    assert built.limit_problems() == {}
    built.title = "长" * 33
    built.author = "作" * 17
    built.content = "<p>" + "字" * CONTENT_MAX_CHARS + "</p>"
    problems = built.limit_problems()
    assert "33 个字" in problems["title"] and "最多 32 个字" in problems["title"]
    assert "16 个字" in problems["author"]
    assert "20,000" in problems["body"]
