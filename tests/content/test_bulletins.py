"""Tests for content/bulletins.py: preparing next week's bulletin draft."""

import datetime
from zoneinfo import ZoneInfo

from django.core.management import CommandError, call_command

import pytest
import time_machine

from content.bulletins import (
    RECENT_ALERTS,
    SOURCE_RECENT_TYPES,
    bulletin_draft,
    bulletin_fill_new,
    bulletin_prepare,
    bulletin_weeks,
    next_week_start,
)
from content.models import BulletinPage, CaseStudyPage, ColumnPage, FraudType, HomePage, Hotline

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def _column(key="antifraud", title="反诈骗"):
    home = HomePage.objects.get()
    column = ColumnPage(title=title, slug=key, column_key=key, intro=f"{title}栏目")
    home.add_child(instance=column)
    return column


def _case(column, *, title, fraud_slug, when):
    case = CaseStudyPage(
        title=title,
        slug=f"case-{abs(hash(title)) % 10**8}",
        fraud_type=FraudType.objects.get(slug=fraud_slug),
        story="<p>经过</p>",
        technique="<p>手法</p>",
        red_flags="<p>要点</p>",
        prevention="<p>建议</p>",
        aftermath="<p>处置</p>",
    )
    column.add_child(instance=case)
    with time_machine.travel(when, tick=False):
        case.save_revision().publish()
    return case


def test_next_week_start_is_the_following_monday():
    assert next_week_start(datetime.date(2026, 11, 25)) == datetime.date(2026, 11, 30)
    assert next_week_start(datetime.date(2026, 11, 30)) == datetime.date(2026, 12, 7)
    assert next_week_start(datetime.date(2026, 12, 6)) == datetime.date(2026, 12, 7)


def test_first_bulletin_gets_issue_one_dates_hotlines_and_go_live():
    _column()
    result = bulletin_prepare(today=datetime.date(2026, 11, 25))
    page = result.page
    assert result.created
    assert page.issue_number == 1
    assert (page.week_start, page.week_end) == (datetime.date(2026, 11, 30), datetime.date(2026, 12, 6))
    assert page.go_live_at == datetime.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)
    assert not page.live and page.has_unpublished_changes
    assert page.get_latest_revision() is not None
    hotline_ids = [block.value["hotline"].pk for block in page.body if block.block_type == "hotline"]
    assert hotline_ids == list(Hotline.objects.order_by("sort_order", "pk").values_list("pk", flat=True))
    assert page.tip_of_week


def test_alerts_come_from_case_studies_since_last_issue_grouped_by_fraud_type():
    column = _column()
    last = BulletinPage(
        title="第7期", slug="b7", issue_number=7,
        week_start=datetime.date(2026, 11, 23), week_end=datetime.date(2026, 11, 29),
        lead_warning="预警", tip_of_week="提示",
    )
    column.add_child(instance=last)
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), tick=False):
        last.save_revision().publish()
    _case(column, title="旧案例", fraud_slug="fake-police", when=datetime.datetime(2026, 11, 20, tzinfo=SHANGHAI))
    _case(column, title="刷单一", fraud_slug="shuadan-fanli", when=datetime.datetime(2026, 11, 24, tzinfo=SHANGHAI))
    _case(column, title="刷单二", fraud_slug="shuadan-fanli", when=datetime.datetime(2026, 11, 25, tzinfo=SHANGHAI))
    newest_loan = _case(column, title="网贷一", fraud_slug="fake-loan", when=datetime.datetime(2026, 11, 26, tzinfo=SHANGHAI))

    page = bulletin_prepare(today=datetime.date(2026, 11, 26)).page

    assert page.issue_number == 8
    assert page.week_start == datetime.date(2026, 11, 30)
    alerts = list(page.alerts.all())
    assert [alert.fraud_type.slug for alert in alerts] == ["shuadan-fanli", "fake-loan"]
    assert "本期新增案例 2 起" in alerts[0].body and "《刷单二》" in alerts[0].body
    assert alerts[1].case_study_id == newest_loan.pk
    assert all("旧案例" not in alert.body for alert in alerts)
    assert "刷单返利" in page.lead_warning
    page.full_clean()  # the draft is a valid bulletin (issue order, dates)


def test_preparing_twice_does_nothing_the_second_time():
    _column()
    first = bulletin_prepare(today=datetime.date(2026, 11, 25))
    second = bulletin_prepare(today=datetime.date(2026, 11, 27))
    assert first.created and not second.created
    assert second.page.pk == first.page.pk
    assert BulletinPage.objects.count() == 1


def test_command_reports_created_then_existing(capsys):
    _column()
    call_command("prepare_bulletin", "--today", "2026-11-25")
    call_command("prepare_bulletin", "--today", "2026-11-25")
    out = capsys.readouterr().out
    assert "已创建周报草稿" in out and "计划上线 2026-11-30 09:00" in out
    assert "本周报已存在" in out


def test_command_without_antifraud_column_fails_with_chinese_message():
    with pytest.raises(CommandError, match="没有找到反诈骗栏目"):
        call_command("prepare_bulletin", "--today", "2026-11-25")


def test_a_week_without_new_cases_warns_about_the_types_most_reported_lately_and_says_so():
    column = _column()
    last = BulletinPage(
        title="第7期", slug="b7", issue_number=7,
        week_start=datetime.date(2026, 11, 23), week_end=datetime.date(2026, 11, 29),
        lead_warning="预警", tip_of_week="提示",
    )
    column.add_child(instance=last)
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), tick=False):
        last.save_revision().publish()
    # Published before the last issue: not new, but recent.
    _case(column, title="网贷一", fraud_slug="fake-loan", when=datetime.datetime(2026, 10, 20, tzinfo=SHANGHAI))
    newest = _case(column, title="网贷二", fraud_slug="fake-loan", when=datetime.datetime(2026, 11, 2, tzinfo=SHANGHAI))
    _case(column, title="刷单一", fraud_slug="shuadan-fanli", when=datetime.datetime(2026, 11, 5, tzinfo=SHANGHAI))
    _case(column, title="很久以前", fraud_slug="fake-police", when=datetime.datetime(2026, 5, 1, tzinfo=SHANGHAI))

    draft = bulletin_draft(today=datetime.date(2026, 11, 26))

    assert draft.source == SOURCE_RECENT_TYPES and draft.new_cases == 0
    assert "没有新发布的案例分析" in draft.note and "近 90 天高发" in draft.note
    alerts = list(draft.page.alerts.all())
    assert [alert.fraud_type.slug for alert in alerts][:2] == ["fake-loan", "shuadan-fanli"]
    assert len(alerts) == RECENT_ALERTS
    assert "近 90 天发布相关案例 2 起" in alerts[0].body and alerts[0].case_study_id == newest.pk
    assert "本周没有新增案例" in draft.page.lead_warning and "虚假网络贷款" in draft.page.lead_warning
    assert draft.page.pk is None and BulletinPage.objects.count() == 1  # nothing saved


def test_the_command_says_what_the_alerts_are_based_on(capsys):
    _column()
    call_command("prepare_bulletin", "--today", "2026-11-25")
    assert "预警条目按近 90 天高发的诈骗类型生成" in capsys.readouterr().out


def test_the_weeks_say_which_bulletin_is_missing():
    column = _column()
    weeks = bulletin_weeks(today=datetime.date(2026, 12, 2))
    assert (weeks.this_week_start, weeks.next_week_start) == (datetime.date(2026, 11, 30), datetime.date(2026, 12, 7))
    assert weeks.this_week_missing and weeks.next_week_missing
    this = BulletinPage(
        title="第1期", slug="b1", issue_number=1, week_start=datetime.date(2026, 11, 30),
        week_end=datetime.date(2026, 12, 6), lead_warning="预警", tip_of_week="提示", live=False,
    )
    column.add_child(instance=this)
    weeks = bulletin_weeks(today=datetime.date(2026, 12, 2))
    assert weeks.this_week == this and weeks.this_week_missing  # a draft readers cannot see
    this.save_revision().publish()
    prepared = bulletin_prepare(today=datetime.date(2026, 12, 2)).page
    weeks = bulletin_weeks(today=datetime.date(2026, 12, 2))
    assert not weeks.this_week_missing and weeks.next_week.pk == prepared.pk and not weeks.next_week_missing


def test_filling_a_new_bulletin_gives_it_the_draft():
    _column()
    page = BulletinPage()
    draft = bulletin_fill_new(page, today=datetime.date(2026, 11, 25))
    assert draft is not None
    assert (page.issue_number, page.week_start, page.slug) == (1, datetime.date(2026, 11, 30), "bulletin-1")
    assert page.go_live_at == datetime.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)
    assert [block.block_type for block in page.body] == ["hotline"] * Hotline.objects.count()
    assert len(page.alerts.all()) == RECENT_ALERTS


def test_filling_without_an_antifraud_column_leaves_the_form_empty():
    page = BulletinPage()
    assert bulletin_fill_new(page, today=datetime.date(2026, 11, 25)) is None
    assert page.issue_number is None
