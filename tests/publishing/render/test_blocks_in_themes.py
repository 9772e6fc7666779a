"""Every body block type, in every installed theme, rendered to a poster and a PDF: each block's text is there."""

from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest

from content.factories import ArticlePageFactory, build_site_tree
from content.models import ArticlePage
from publishing.render.document import document_build
from publishing.render.services import render_output
from themes.catalogue import theme_list

from .helpers import make_case_study, rolled_back

pytestmark = pytest.mark.django_db

# One piece of each block's text, as the content factories write it.
BLOCK_TEXT = {
    "heading": "先弄清楚：什么是个人信用报告",
    "paragraph": "征信报告是个人信用的“经济身份证”",
    "image": "个人信用报告样例（示意）",
    "callout": "任何要求先交“保证金”“解冻费”的贷款，都是诈骗。",
    "key_points": "不透露验证码",
    "quiz": "自称“客服”的人要你把钱转到“安全账户”，应该怎么做？",
    "hotline": "接到可疑电话，先打 96110 核实",
    "case_study": "看看真实案例是怎么发生的",
    "table": "年化利率（约）",
    "html": "12321 网络不良与垃圾信息举报受理中心",
}


def plain(text: str) -> str:
    """The text without white space or word joiners: line breaks fall anywhere in a layout."""
    return "".join(text.replace("\u2060", "").split())


def pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """{(theme key, format): (the output's text, its warnings)} for an article holding every block type."""
    outputs = {}
    with rolled_back(django_db_blocker):
        tree = build_site_tree()
        make_case_study(tree["antifraud"])
        blocks = list(BLOCK_TEXT)
        article = ArticlePageFactory(
            parent=tree["credit"], title="每种正文块都在这里", slug="every-block",
            **{f"body__{index}": name for index, name in enumerate(blocks)},
        )
        article.save_revision().publish()
        article = ArticlePage.objects.get(pk=article.pk)
        assert [child.block_type for child in article.body] == blocks
        for theme in theme_list():
            for kind, format in (("poster", "poster"), ("pdf", "pdf")):
                output = render_output(document=document_build(page=article, theme=theme, kind=kind), format=format)
                text = output.transcript if format == "poster" else pdf_text(output.primary.data)
                outputs[(theme.key, format)] = SimpleNamespace(text=plain(text), warnings=output.warnings)
    return outputs


def test_there_are_themes_to_render_in(rendered):
    assert {key for key, _format in rendered} >= {"alert-red", "calm-blue"}


@pytest.mark.parametrize("format", ["poster", "pdf"])
@pytest.mark.parametrize("block_type", list(BLOCK_TEXT))
def test_each_block_shows_its_text_in_every_theme(rendered, format, block_type):
    for (theme, output_format), output in rendered.items():
        if output_format == format:
            assert plain(BLOCK_TEXT[block_type]) in output.text, f"{block_type} missing from the {format} in {theme}"


def test_no_block_leaves_a_warning(rendered):
    assert {key: output.warnings for key, output in rendered.items() if output.warnings} == {}
