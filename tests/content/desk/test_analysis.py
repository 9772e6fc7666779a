"""消保分析: weekly counts in Shanghai weeks, deadline outcomes, frequent words without personal data,
unhelpful pages, and the admin page with its SVG charts."""

import datetime

import pytest
import time_machine

from content.desk import charts
from content.desk.actions import request_reply
from content.desk.analysis import (
    Month,
    deadline_outcomes,
    frequent_terms,
    not_helpful_pages,
    weekly_counts,
)
from content.desk.feedback import feedback_record
from content.desk.models import DeskRequest

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOV = Month(2026, 11)


@pytest.fixture
def november(file_request, agent):
    with time_machine.travel(datetime.datetime(2026, 11, 22, 16, 30, tzinfo=UTC), tick=False):  # Mon 23 Nov 00:30 Shanghai
        monday = file_request("催收的人天天爆通讯录，打电话给我家人 13912345678", kind="complaint").request
    with time_machine.travel(datetime.datetime(2026, 11, 22, 15, 30, tzinfo=UTC), tick=False):  # Sun 22 Nov 23:30 Shanghai
        sunday = file_request("催收电话太多了，暴力催收", kind="complaint").request
        file_request("请问征信报告怎么查", kind="consultation")
    with time_machine.travel(datetime.datetime(2026, 11, 27, 2, 0, tzinfo=UTC), tick=False):
        request_reply(desk_request=sunday, user=agent, text="已处理")
    return monday, sunday


def test_weeks_follow_shanghai_dates(november):
    with time_machine.travel(datetime.datetime(2026, 11, 29, 4, 0, tzinfo=UTC), tick=False):
        labels, series = weekly_counts(NOV, by="kind")
        _, by_category = weekly_counts(NOV, by="category")
    assert labels[-2:] == ["11/16", "11/23"]
    assert series["投诉"][-2:] == [1, 1]  # Sunday 23:30 falls in the week of the 16th, Monday 00:30 in the next
    assert series["咨询"][-2:] == [1, 0]
    assert by_category["催收"][-2:] == [1, 1]
    # On Monday 30 November (Shanghai), the chart ends with that week.
    with time_machine.travel(datetime.datetime(2026, 11, 29, 16, 10, tzinfo=UTC), tick=False):
        labels, _ = weekly_counts(NOV, by="kind")
    assert labels[-1] == "11/30"


def test_deadline_outcomes(november, settings):
    monday, sunday = november
    DeskRequest.objects.filter(pk=monday.pk).update(due_date=datetime.date(2026, 11, 20))
    DeskRequest.objects.filter(pk=sunday.pk).update(due_date=datetime.date(2026, 11, 26))  # answered on the 27th: late
    with time_machine.travel(datetime.datetime(2026, 11, 29, 4, 0, tzinfo=UTC), tick=False):
        outcomes = deadline_outcomes(NOV)
    assert outcomes == {"on_time": 0, "late": 1, "overdue": 1, "open": 0}


def test_frequent_terms_leave_numbers_out(november):
    words, phrases = frequent_terms(NOV)
    counted = dict(words)
    assert counted["催收"] == 2
    assert not any(any(ch.isdigit() for ch in word) for word, _ in words)
    assert all(DeskRequest.objects.values_list("keywords", flat=True))


def test_not_helpful_pages(site_tree):
    from content.factories import ArticlePageFactory

    first, second = ArticlePageFactory(parent=site_tree["credit"], title="看不懂的文章"), ArticlePageFactory(parent=site_tree["loans"])
    with time_machine.travel(datetime.datetime(2026, 11, 10, 4, 0, tzinfo=UTC), tick=False):
        for _ in range(3):
            feedback_record(page=first, helpful=False, comment="太长了")
        feedback_record(page=first, helpful=True)
        feedback_record(page=second, helpful=False)
        feedback_record(page=second, helpful=True)
    pages = not_helpful_pages(NOV)
    assert [(page["title"], page["not_helpful"], page["helpful"]) for page in pages] == [("看不懂的文章", 3, 1), (second.title, 1, 1)]
    assert pages[0]["comments"] == ["太长了"] * 3
    assert not_helpful_pages(Month(2026, 10)) == []


def test_charts_escape_labels_and_carry_their_numbers():
    svg = charts.horizontal_bars([("<script>alert(1)</script>", 3)], title="t")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and ">3<" in svg
    columns = charts.stacked_columns(["11/2", "11/9"], {"投诉": [1, 2], "咨询": [0, 3]}, title="每周")
    assert columns.count("<rect") >= 3 and "11/9：5" in columns
    bar = charts.proportion_bar([("按期", 3, "#000"), ("逾期", 1, "#111")], title="期限")
    assert "75%" in bar and "25%" in bar


def test_month_parse():
    assert str(Month.parse("2026-02")) == "2026-02" and Month.parse("2026-12").next_first_day == datetime.date(2027, 1, 1)
    for bad in ("2026-13", "abc", "2026"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            Month.parse(bad)


def test_analysis_page_shows_charts_to_agents_only(client, agent, november, django_user_model):
    client.force_login(agent)
    response = client.get("/admin/desk-analysis/", {"month": "2026-11"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<svg") >= 6 and "每周诉求（按类型" in body
    assert "13912345678" not in body
    assert "/admin/desk-analysis/report.pdf?month=2026-11" in body  # offered by publishing through the hook
    assert "格式不对" in client.get("/admin/desk-analysis/", {"month": "nope"}).content.decode()
    editor = django_user_model.objects.create_user("editor", password="pw-editor-123")
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name="内容编辑"))
    client.force_login(editor)
    assert client.get("/admin/desk-analysis/").status_code in (302, 403)
    assert client.get("/admin/desk/").status_code in (302, 403)
