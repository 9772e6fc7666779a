"""Tests for content/typography.py: an amount keeps its unit; tags and styles are left alone."""

from content.typography import keep_amounts_together

NBSP, JOINER = "\u00a0", "\u2060"


def test_the_space_before_a_unit_does_not_break_and_compound_units_are_joined():
    assert keep_amounts_together("<p>损失 52.6 万元，第 2 期，10 天内</p>") == (
        f"<p>损失 52.6{NBSP}万{JOINER}元，第 2{NBSP}期，10{NBSP}天内</p>"
    )


def test_tags_attributes_styles_and_plain_words_are_left_alone():
    html = ('<title>损失 5 万元</title><style>.a { width: 5 %; }</style>'
            '<a title="5 万元" href="/x/2 期/">拨打 110 报警</a>')
    assert keep_amounts_together(html) == html
