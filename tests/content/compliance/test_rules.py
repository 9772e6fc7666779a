"""Tests for content/compliance/rules.py: how an exception decides that a hit is not a claim."""

import re

import pytest

from content.compliance import default_rules
from content.compliance.rules import Exemption


def _hit(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


class TestExemption:
    def test_cover_must_contain_the_whole_hit(self):
        exemption = Exemption(source="最好不要", cover=re.compile("最好不要"))
        assert exemption.applies("最好不要点链接", *_hit("最好不要点链接", "最好"), 30)
        assert not exemption.applies(
            "最好的产品，最好不要", *_hit("最好的产品，最好不要", "最好"), 30
        )

    def test_cover_found_after_an_earlier_partial_match(self):
        exemption = Exemption(source="", cover=re.compile("第一(?:步|次)"))
        text = "第一次，第一步"
        assert exemption.applies(text, 4, 6, 30)

    def test_before_must_end_right_at_the_hit(self):
        exemption = Exemption(source="", before=re.compile(r"(?:不存在)\Z"))
        assert exemption.applies("不存在保本", 3, 5, 30)
        assert not exemption.applies("不存在啊保本", 4, 6, 30)

    def test_after_must_start_right_at_the_hit(self):
        exemption = Exemption(source="", after=re.compile("陷阱"))
        assert exemption.applies("高收益陷阱", 0, 3, 30)
        assert not exemption.applies("高收益的陷阱", 0, 3, 30)

    def test_before_and_after_must_both_match(self):
        exemption = Exemption(source="", before=re.compile(r"以\Z"), after=re.compile("为诱饵"))
        assert exemption.applies("以高收益为诱饵", 1, 4, 30)
        assert not exemption.applies("以高收益吸引人", 1, 4, 30)

    def test_window_limits_how_far_it_looks(self):
        exemption = Exemption(source="", before=re.compile(r"凡是.*\Z"))
        text = "凡是" + "啊" * 40 + "保本"
        start = text.index("保本")
        assert not exemption.applies(text, start, start + 2, 30)
        assert exemption.applies(text, start, start + 2, 50)


class TestRuleSet:
    def test_rules_by_kind(self):
        rules = default_rules()
        assert {rule.kind for rule in rules.by_kind["disclosure"]} == {"disclosure"}
        assert sum(len(group) for group in rules.by_kind.values()) == len(rules.rules)

    def test_get_unknown_rule(self):
        with pytest.raises(KeyError):
            default_rules().get("absolute.nothing")

    def test_shared_exceptions_are_joined_into_few_patterns(self):
        rule = default_rules().get("returns.guaranteed")
        assert len(rule.exemptions) < 10
        assert rule.excused("不存在零风险、高收益的投资", 7, 10, 30)
