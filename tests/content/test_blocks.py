"""Tests for content/blocks.py as editors meet the blocks: a quiz that starts valid, one table caption."""

import re

from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.urls import reverse

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockAdapter

import pytest

from content.blocks import TABLE_CONTEXT_MENU, BodyBlock, QuizBlock, TableBlock
from content.factories import ArticlePageFactory, build_site_tree

pytestmark = pytest.mark.django_db


def test_a_new_quiz_starts_with_the_two_options_it_needs():
    default = QuizBlock().get_default()
    assert list(default["choices"]) == ["", ""]
    assert default["answer"] == "A"


def test_the_quiz_is_marked_for_the_editor_script_that_limits_its_answers():
    assert QuizBlock().meta.form_classname == "quiz-block"


def test_the_table_menu_is_in_chinese():
    options = TableBlock().child_blocks["table"].table_options
    assert options["contextMenu"] == TABLE_CONTEXT_MENU
    names = [item["name"] for item in TABLE_CONTEXT_MENU["items"].values() if isinstance(item, dict)]
    assert names and all(not any("a" <= char.lower() <= "z" for char in name) for name in names)
    assert {"row_above", "row_below", "col_left", "col_right", "remove_row", "remove_col"} <= set(TABLE_CONTEXT_MENU["items"])


def table_value(*, caption: str, widget_caption: str):
    block = TableBlock()
    return block, block.to_python(
        {
            "caption": caption,
            "table": {"data": [["期限", "年化利率"], ["12 期", "7.2%"]], "table_caption": widget_caption,
                      "first_row_is_table_header": True},
        }
    )


def test_a_caption_typed_in_the_table_widget_moves_into_the_one_caption_field():
    block, value = table_value(caption="", widget_caption="同样借 1 万元，成本差多少")
    cleaned = block.clean(value)
    assert cleaned["caption"] == "同样借 1 万元，成本差多少"
    assert cleaned["table"]["table_caption"] == ""


def test_the_blocks_own_caption_wins_and_the_widget_one_is_cleared():
    block, value = table_value(caption="成本对比", widget_caption="旧标题")
    cleaned = block.clean(value)
    assert cleaned["caption"] == "成本对比" and cleaned["table"]["table_caption"] == ""


def test_the_editor_hides_the_table_widgets_own_caption(client):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "pw-12345678"))
    page = ArticlePageFactory(parent=build_site_tree()["credit"], body__3="table")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "content/blocks.css" in html and "content/blocks.js" in html and "content/compliance.css" in html
    with open(finders.find("content/blocks.css"), encoding="utf-8") as handle:
        assert 'input[name="handsontable-col-caption"]' in handle.read()


def test_related_fraud_types_are_checkboxes(client):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "pw-12345678"))
    page = ArticlePageFactory(parent=build_site_tree()["antifraud"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'type="checkbox" name="fraud_types"' in html
    assert '<select name="fraud_types"' not in html



def test_each_of_our_blocks_tells_the_editor_what_a_collapsed_item_holds():
    """Wagtail's StructBlock ``label_format`` is the label a block supplies to its list item in the editor."""
    structs = {name: block for name, block in BodyBlock().child_blocks.items() if isinstance(block, blocks.StructBlock)}
    assert len(structs) >= 8
    for name, block in structs.items():
        label_format = block.meta.label_format
        assert label_format, name
        assert set(re.findall(r"\{(\w+)\}", label_format)) <= set(block.child_blocks), name
        assert StructBlockAdapter().js_args(block)[2]["labelFormat"] == label_format
    assert structs["quiz"].meta.label_format == "{question}"
