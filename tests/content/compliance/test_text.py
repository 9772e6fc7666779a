"""Tests for content/compliance/text.py: plain text from rich-text HTML."""

from content.compliance.text import html_to_text


def test_tags_are_dropped_and_entities_decoded():
    assert (
        html_to_text('<p>年化利率&nbsp;<b>7.2%</b> &amp; <a href="/x">详情</a></p>')
        == "年化利率\xa07.2% & 详情"
    )


def test_each_block_element_is_one_line():
    html = "<h2>作案手法</h2><p>第一段</p><ul><li>一</li><li>二</li></ul><p>甲<br/>乙</p>"
    assert html_to_text(html) == "作案手法\n第一段\n一\n二\n甲\n乙"


def test_whitespace_between_blocks_collapses():
    assert html_to_text("<p>一</p>\n\n  <p>二</p>\n") == "一\n二"


def test_scripts_and_styles_are_not_text():
    assert html_to_text("<p>正文</p><script>var a = '保本';</script><style>p{}</style>") == "正文"


def test_wagtail_embeds_have_no_text():
    assert html_to_text('<p>看图</p><embed embedtype="image" id="1" format="fullwidth"/>') == "看图"


def test_empty():
    assert html_to_text("") == ""
    assert html_to_text(None) == ""
