"""Tests for content/compliance/loading.py: the packaged rules file loads, and mistakes in a rules file are reported clearly."""

import textwrap

from django.test import override_settings

import pytest

from content.compliance import RuleSetError, check_text, default_rules, load_rules
from content.compliance.checks import check_compliance_columns, check_compliance_rules
from content.compliance.loading import DEFAULT_RULES_FILE, parse_rules
from content.compliance.rules import ERROR, WARNING

MINIMAL = textwrap.dedent(
    """\
    version = 1

    [quoting]
    pairs = [["“", "”"]]
    sentence_end = "。"
    clause_end = "，"
    reporting_to_sentence_end = ['骗子称']
    reporting_to_clause_end = []
    section_titles = ["案情经过"]

    [categories.returns]
    name = "承诺收益"

    [[rules]]
    id = "returns.guaranteed"
    category = "returns"
    severity = "错误"
    literals = ["保本"]
    message = "不得承诺保本。"
    """
)


def _with_rule(body: str) -> str:
    return MINIMAL + "\n[[rules]]\n" + textwrap.dedent(body)


# A disclosure rule with room for more keys: DISCLOSURE.format(extra='exempt_columns = ["aml"]').
DISCLOSURE = _with_rule(
    """\
    id = "returns.apr"
    category = "returns"
    severity = "错误"
    kind = "disclosure"
    literals = ["利息"]
    requires = ["年化利率"]
    message = "……"
    {extra}
    """
)


def _error(text: str) -> RuleSetError:
    with pytest.raises(RuleSetError) as caught:
        parse_rules(text, path="test-rules.toml")
    return caught.value


def _line_of(text: str, fragment: str) -> int:
    return next(
        number for number, line in enumerate(text.splitlines(), start=1) if fragment in line
    )


class TestPackagedRules:
    def test_loads_every_category_and_kind(self):
        rules = load_rules(DEFAULT_RULES_FILE)
        assert {category.name for category in rules.categories.values()} == {
            "绝对化用语",
            "承诺收益",
            "权威背书",
            "必要披露",
            "文字规范",
        }
        assert {rule.kind for rule in rules.rules} == {"term", "disclosure", "pairing"}
        assert all(rule.severity in (ERROR, WARNING) for rule in rules.rules)
        assert all(rule.message for rule in rules.rules)

    def test_copy_editing_rules_only_warn(self):
        rules = load_rules(DEFAULT_RULES_FILE)
        typography = [rule for rule in rules.rules if rule.category.key == "typography"]
        assert typography and all(rule.severity == WARNING for rule in typography)

    def test_rules_remember_the_line_they_start_on(self):
        rules = load_rules(DEFAULT_RULES_FILE)
        lines = DEFAULT_RULES_FILE.read_text(encoding="utf-8").splitlines()
        rule = rules.get("returns.guaranteed")
        assert lines[rule.line - 1].strip() == "[[rules]]"
        assert lines[rule.line].strip() == 'id = "returns.guaranteed"'

    def test_default_rules_are_loaded_once(self):
        assert default_rules() is default_rules()

    def test_setting_points_to_another_file(self, tmp_path):
        other = tmp_path / "rules.toml"
        other.write_text(MINIMAL, encoding="utf-8")
        with override_settings(COMPLIANCE_RULES_FILE=str(other)):
            assert [rule.id for rule in default_rules().rules] == ["returns.guaranteed"]
            assert [finding.rule_id for finding in check_text("最佳产品，保本")] == [
                "returns.guaranteed"
            ]
        assert len(default_rules().rules) > 1

    def test_system_check_passes_with_the_packaged_file(self):
        assert check_compliance_rules() == []

    def test_system_check_reports_a_broken_file(self, tmp_path):
        broken = tmp_path / "rules.toml"
        broken.write_text(
            MINIMAL.replace('severity = "错误"', 'severity = "严重"'), encoding="utf-8"
        )
        with override_settings(COMPLIANCE_RULES_FILE=str(broken)):
            errors = check_compliance_rules()
        assert len(errors) == 1
        assert errors[0].id == "content.E101"
        assert "returns.guaranteed" in errors[0].msg and "严重" in errors[0].msg

    def test_column_check_passes_with_the_packaged_file(self):
        assert default_rules().column_keys == {"aml", "antifraud", "loans", "credit"}
        assert check_compliance_columns() == []

    def test_column_check_warns_about_a_column_the_site_does_not_have(self, tmp_path):
        rules = tmp_path / "rules.toml"
        rules.write_text(DISCLOSURE.format(extra='exempt_columns = ["antifraud", "anti_fraud"]'))
        with override_settings(COMPLIANCE_RULES_FILE=str(rules)):
            (warning,) = check_compliance_columns()
        assert warning.id == "content.W102"
        assert "anti_fraud" in warning.msg and "antifraud" not in warning.msg
        assert "antifraud" in warning.hint


class TestValidation:
    def test_minimal_file_is_valid(self):
        rules = parse_rules(MINIMAL)
        assert rules.get("returns.guaranteed").category.name == "承诺收益"

    def test_bad_regex_names_rule_and_line(self):
        text = _with_rule(
            """\
            id = "returns.broken"
            category = "returns"
            severity = "错误"
            patterns = ['稳赚(不赔']
            message = "……"
            """
        )
        error = _error(text)
        assert error.rule_id == "returns.broken"
        assert error.line == _line_of(text, "稳赚(不赔")
        assert "稳赚(不赔" in str(error) and "test-rules.toml" in str(error)
        assert f"第 {error.line} 行" in str(error)

    def test_bad_regex_in_an_exception(self):
        text = _with_rule(
            """\
            id = "returns.other"
            category = "returns"
            severity = "提醒"
            literals = ["稳赚"]
            exceptions = [{ before = '[不' }]
            message = "……"
            """
        )
        error = _error(text)
        assert error.rule_id == "returns.other"
        assert error.line == _line_of(text, "exceptions =")

    def test_unknown_severity(self):
        text = MINIMAL.replace('severity = "错误"', 'severity = "严重"')
        error = _error(text)
        assert error.rule_id == "returns.guaranteed"
        assert error.line == _line_of(text, 'severity = "严重"')
        assert "“错误”或“提醒”" in str(error)

    def test_unknown_category(self):
        text = MINIMAL.replace('category = "returns"', 'category = "marketing"')
        error = _error(text)
        assert "marketing" in str(error) and error.line == _line_of(text, 'category = "marketing"')

    def test_duplicate_id(self):
        text = _with_rule(
            """\
            id = "returns.guaranteed"
            category = "returns"
            severity = "错误"
            literals = ["保息"]
            message = "……"
            """
        )
        error = _error(text)
        assert "重复" in str(error)
        assert error.line == len(MINIMAL.splitlines()) + 3

    def test_misspelt_key_is_not_ignored(self):
        text = MINIMAL.replace('literals = ["保本"]', 'literals = ["保本"]\nexeptions = ["不保本"]')
        error = _error(text)
        assert "exeptions" in str(error) and error.line == _line_of(text, "exeptions")

    def test_pattern_that_matches_nothing_at_all(self):
        text = MINIMAL.replace('literals = ["保本"]', "patterns = ['(?:保本)?']")
        assert "空字符串" in str(_error(text))

    def test_rule_without_patterns(self):
        text = MINIMAL.replace('literals = ["保本"]\n', "")
        assert "literals 或 patterns" in str(_error(text))

    def test_unknown_exception_set(self):
        text = MINIMAL.replace(
            'literals = ["保本"]', 'literals = ["保本"]\nexception_sets = ["negation"]'
        )
        error = _error(text)
        assert "negation" in str(error) and error.line == _line_of(text, "exception_sets")

    def test_disclosure_needs_requires(self):
        text = _with_rule(
            """\
            id = "returns.apr"
            category = "returns"
            severity = "错误"
            kind = "disclosure"
            literals = ["利息"]
            message = "……"
            """
        )
        assert "requires" in str(_error(text))

    def test_exempt_columns_and_offers_are_read(self):
        rules = parse_rules(
            DISCLOSURE.format(extra="exempt_columns = [\"antifraud\"]\noffers = ['立即申请']")
        )
        rule = rules.get("returns.apr")
        assert rule.exempt_columns == {"antifraud"}
        assert [pattern.pattern for pattern in rule.offers] == ["立即申请"]
        assert rule.exempt_in("antifraud") and not rule.exempt_in("loans")
        assert not rule.exempt_in(None)

    def test_exempt_column_must_be_a_column_key(self):
        text = DISCLOSURE.format(extra='exempt_columns = ["反诈骗"]')
        error = _error(text)
        assert "反诈骗" in str(error) and "exempt_columns" in str(error)
        assert error.rule_id == "returns.apr" and error.line == _line_of(text, "exempt_columns")

    def test_column_messages_and_point_at_are_read(self):
        rules = parse_rules(
            DISCLOSURE.format(extra="point_at = ['每天[0-9]+元']\ncolumn_messages = { loans = \"写年化利率。\" }")
        )
        rule = rules.get("returns.apr")
        assert [pattern.pattern for pattern in rule.point_at] == ["每天[0-9]+元"]
        assert rule.message_for("loans") == "写年化利率。"
        assert rule.message_for("credit") == rule.message_for(None) == "……"
        (finding,) = check_text("利息低，每天5元", rules=rules, column="loans")
        assert (finding.text, finding.message) == ("每天5元", "写年化利率。")

    @pytest.mark.parametrize(
        ("value", "problem"),
        [('"信贷"', "column_messages"), ('{ "信贷" = "…" }', "信贷"), ('{ loans = "" }', "loans")],
    )
    def test_bad_column_messages_say_where(self, value, problem):
        text = MINIMAL.replace('literals = ["保本"]', f'literals = ["保本"]\ncolumn_messages = {value}')
        error = _error(text)
        assert problem in str(error) and error.line == _line_of(text, "column_messages")

    def test_column_messages_naming_a_missing_column_are_warned_about(self, tmp_path):
        rules = tmp_path / "rules.toml"
        rules.write_text(MINIMAL.replace('literals = ["保本"]', 'literals = ["保本"]\ncolumn_messages = { loan = "…" }'))
        with override_settings(COMPLIANCE_RULES_FILE=str(rules)):
            (warning,) = check_compliance_columns()
        assert "loan" in warning.msg and "column_messages" in warning.msg

    def test_merge_false_reports_each_overlapping_hit(self):
        text = MINIMAL.replace('literals = ["保本"]', "patterns = ['全网最', '最低']")
        assert [f.text for f in check_text("全网最低", rules=parse_rules(text))] == ["全网最低"]
        separate = parse_rules(text.replace("patterns = ['全网最', '最低']", "patterns = ['全网最', '最低']\nmerge = false"))
        assert [f.text for f in check_text("全网最低", rules=separate)] == ["全网最", "最低"]

    def test_offers_without_exempt_columns_are_refused(self):
        error = _error(DISCLOSURE.format(extra="offers = ['立即申请']"))
        assert "offers" in str(error) and "exempt_columns" in str(error)

    def test_bad_regex_in_offers(self):
        error = _error(
            DISCLOSURE.format(extra="exempt_columns = [\"aml\"]\noffers = ['立即(申请']")
        )
        assert "立即(申请" in str(error)

    def test_exempt_columns_belong_to_disclosure_rules_only(self):
        text = MINIMAL.replace(
            'literals = ["保本"]', 'literals = ["保本"]\nexempt_columns = ["aml"]'
        )
        assert "exempt_columns" in str(_error(text))

    def test_invalid_toml_reports_its_line(self):
        text = MINIMAL.replace('literals = ["保本"]', 'literals = ["保本"')
        error = _error(text)
        assert error.line is not None and "TOML" in str(error)

    def test_bad_rule_id(self):
        assert "returns.guaranteed" in str(
            _error(MINIMAL.replace('"returns.guaranteed"', '"保本规则"'))
        )

    def test_missing_file(self, tmp_path):
        with pytest.raises(RuleSetError, match="无法读取"):
            load_rules(tmp_path / "missing.toml")

    def test_file_not_in_utf8(self, tmp_path):
        path = tmp_path / "gbk.toml"
        path.write_bytes(MINIMAL.encode("gbk"))
        with pytest.raises(RuleSetError, match="UTF-8"):
            load_rules(path)


class TestExtendingTheRules:
    def test_a_new_rule_with_an_exception_takes_effect(self):
        text = _with_rule(
            """\
            id = "returns.double"
            category = "returns"
            severity = "提醒"
            literals = ["翻倍"]
            exceptions = ['利息翻倍', { before = '不会' }]
            message = "不要承诺翻倍。"
            """
        )
        rules = parse_rules(text)
        found = [
            (f.rule_id, f.text) for f in check_text("收益翻倍，逾期利息翻倍，不会翻倍", rules=rules)
        ]
        assert found == [("returns.double", "翻倍")]
