"""Categories and urgent phrases as data: suggestions, urgency, and clear errors in the file."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import SystemCheckError

import pytest

from content.desk.rules import DeskRulesError, parse_rules, suggest_category, urgent_terms


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("催收的人天天打电话给我家人，还爆通讯录", "collection"),
        ("借款的年化利率和服务费到底怎么算", "rates_fees"),
        ("我的征信报告上有一条不是我的逾期记录", "credit_dispute"),
        ("我的个人信息被泄露了，天天接到推销", "personal_info"),
        ("客服态度很差，电话一直打不通", "service"),
        ("你们的页面很好看", "service"),
        ("随便说说", "other"),
    ],
)
def test_suggest_category(text, slug):
    assert suggest_category(text) == slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("有人自称警察说我涉嫌洗钱，让我转到安全账户", ["安全账户", "自称警察", "涉嫌洗钱"]),
        ("对方让我打开屏幕共享，还要我报验证码", ["验证码", "屏幕共享"]),
        ("我 正在 转账", ["正在转账"]),
        ("手机收不到验证码怎么办", []),
        ("想了解一下怎么防范诈骗", []),
    ],
)
def test_urgent_terms(text, expected):
    assert sorted(urgent_terms(text)) == sorted(expected)


GOOD = """
version = 1
[[categories]]
slug = "a"
name = "甲"
keywords = ["x"]
[[categories]]
slug = "other"
name = "其他"
fallback = true
[urgent]
phrases = ["正在转账"]
advice = "拨打 110"
"""


def test_a_good_file_parses():
    rules = parse_rules(GOOD, path=Path("rules.toml"))
    assert [category.slug for category in rules.categories] == ["a", "other"]
    assert rules.fallback.slug == "other"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda text: text.replace('slug = "a"', 'slug = "A-1"'), "第 4 行"),
        (lambda text: text.replace('slug = "a"', 'slug = "other"'), "重复"),
        (lambda text: text.replace("fallback = true", ""), "fallback"),
        (lambda text: text.replace('advice = "拨打 110"', ""), "advice"),
        (lambda text: text.replace('keywords = ["x"]', "keywords = [1]"), "keywords"),
        (lambda text: text.replace('name = "甲"', 'name = "甲"\ncolour = "red"'), "colour"),
        (lambda text: text + "\n[[", "TOML"),
    ],
)
def test_mistakes_are_reported_in_chinese_with_where(change, message):
    with pytest.raises(DeskRulesError) as error:
        parse_rules(change(GOOD), path=Path("rules.toml"))
    assert message in str(error.value)


def test_system_check_reports_a_broken_file(tmp_path, settings):
    broken = tmp_path / "rules.toml"
    broken.write_text(GOOD.replace("fallback = true", ""), encoding="utf-8")
    settings.DESK_RULES_FILE = str(broken)
    with pytest.raises(SystemCheckError, match="desk.E001"):
        call_command("check")
