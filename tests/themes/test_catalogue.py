"""Tests for themes/catalogue.py: which poster themes are installed, and the editor's choices."""

from themes.catalogue import theme_choices, theme_clean_error, theme_list, theme_select_widget


def test_the_two_themes_are_installed_with_their_metadata():
    themes = {theme.key: theme for theme in theme_list()}
    assert {"alert-red", "calm-blue"} <= set(themes)
    assert themes["alert-red"].name == "警示红"
    assert "antifraud" in themes["alert-red"].default_for
    assert themes["calm-blue"].colour("primary") == "#0B5CAD"


def test_choices_list_every_theme_after_a_blank_one():
    choices = theme_choices(blank_label="默认")
    assert choices[0] == ("", "默认")
    assert ("alert-red", "警示红（alert-red）") in choices
    widget = theme_select_widget()
    assert [value for value, _label in widget.choices][:1] == [""]


def test_an_unknown_theme_is_explained_and_an_empty_or_known_one_is_fine():
    message = theme_clean_error("no-such-theme")
    assert "海报主题“no-such-theme”不存在" in message and "警示红（alert-red）" in message
    assert theme_clean_error("") is None and theme_clean_error("calm-blue") is None
