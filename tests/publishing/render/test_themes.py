"""Themes: discovery, the default per column, the editor's choice and the errors for bad themes."""

from django.core.exceptions import ValidationError

import pytest

from publishing.render.errors import ThemeNotFoundError, ThemeTemplateMissingError
from publishing.render.themes import (
    theme_choices,
    theme_clean_error,
    theme_for_page,
    theme_get,
    theme_list,
    theme_select_widget,
)

from .helpers import make_case_study


def test_the_two_themes_are_installed_with_their_metadata():
    themes = {theme.key: theme for theme in theme_list()}
    assert {"alert-red", "calm-blue"} <= set(themes)
    assert themes["alert-red"].name == "警示红"
    assert "antifraud" in themes["alert-red"].default_for
    assert themes["calm-blue"].colour("primary") == "#0B5CAD"
    for theme in themes.values():
        assert theme.template_name("poster") == f"{theme.key}/poster.html"
        assert theme.template_name("pdf") == f"{theme.key}/pdf.html"


def test_choices_list_every_theme_after_a_blank_one():
    choices = theme_choices(blank_label="默认")
    assert choices[0] == ("", "默认")
    assert ("alert-red", "警示红（alert-red）") in choices
    widget = theme_select_widget()
    assert [value for value, _label in widget.choices][:1] == [""]


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
        theme_get("half-done").template_name("poster")
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
    assert theme_clean_error("") is None and theme_clean_error("calm-blue") is None
