"""Rendering in a theme: the default per column, the editor's choice and the errors for bad themes."""

from django.core.exceptions import ValidationError

import pytest

from publishing.render.errors import ThemeNotFoundError, ThemeTemplateMissingError
from publishing.render.themes import theme_for_page, theme_get, theme_template_name
from themes.catalogue import theme_list

from .helpers import make_case_study


def test_each_theme_has_its_poster_and_pdf_templates():
    for theme in theme_list():
        assert theme_template_name(theme, "poster") == f"{theme.key}/poster.html"
        assert theme_template_name(theme, "pdf") == f"{theme.key}/pdf.html"


def test_unknown_theme_names_the_ones_that_exist():
    with pytest.raises(ThemeNotFoundError) as caught:
        theme_get("neon-green")
    assert "neon-green" in caught.value.message and "警示红" in caught.value.message


def test_theme_without_a_template_fails_clearly(settings, tmp_path):
    broken = tmp_path / "half-done"
    broken.mkdir()
    (broken / "theme.toml").write_text('name = "半成品"\n', encoding="utf-8")
    settings.POSTER_THEMES_DIR = tmp_path
    with pytest.raises(ThemeTemplateMissingError) as caught:
        theme_template_name(theme_get("half-done"), "poster")
    assert "半成品" in caught.value.message and "poster.html" in caught.value.message


def test_default_theme_follows_the_column(tree):
    fraud_case = make_case_study(tree["antifraud"])
    credit_case = make_case_study(tree["credit"], slug="credit-case")
    assert theme_for_page(fraud_case).key == "alert-red"
    assert theme_for_page(credit_case).key == "calm-blue"


def test_page_choice_beats_column_default_and_request_beats_both(tree):
    tree["credit"].default_poster_theme = "alert-red"
    tree["credit"].save()
    page = make_case_study(tree["credit"], slug="credit-red")
    assert theme_for_page(page).key == "alert-red"
    page.poster_theme = "calm-blue"
    assert theme_for_page(page).key == "calm-blue"
    assert theme_for_page(page, "alert-red").key == "alert-red"


def test_clean_rejects_a_theme_that_does_not_exist(tree):
    page = make_case_study(tree["antifraud"])
    page.poster_theme = "no-such-theme"
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert "海报主题“no-such-theme”不存在" in str(caught.value.message_dict["poster_theme"])
    column = tree["loans"]
    column.default_poster_theme = "no-such-theme"
    with pytest.raises(ValidationError) as caught:
        column.full_clean()
    assert "default_poster_theme" in caught.value.message_dict
