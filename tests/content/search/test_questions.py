"""Tests for content/search/questions.py and admin_views.py: 读者在问, and the desk report's hook."""

import datetime

from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

import pytest

from content.desk.analysis import Month
from content.desk.report import unanswered_questions
from content.models import AskedQuestion
from content.roles import EDITORS
from content.search.answer import answer_question
from content.search.questions import question_record, questions_most_asked, questions_unanswered

pytestmark = pytest.mark.django_db


def ask(question):
    question_record(answer=answer_question(question=question))


def test_the_same_question_in_either_script_counts_once(library):
    for question in ("網貸逾期會影響徵信嗎", "网贷逾期会影响征信吗？", "网贷逾期会影响征信吗", "砍头息合法吗"):
        ask(question)
    top = questions_most_asked()
    assert top[0]["count"] == 3 and top[0]["page_title"] == library["overdue"].title
    assert top[1]["count"] == 1


def test_unanswered_questions_are_the_gaps(library):
    ask("比特币明年会涨吗")
    ask("比特币明年会涨吗")
    ask("砍头息合法吗")
    gaps = questions_unanswered()
    assert [(row["question"], row["count"]) for row in gaps] == [("比特币明年会涨吗", 2)]
    assert gaps[0]["outcome"] == "未能回答"


def test_old_questions_leave_the_week(library):
    ask("比特币明年会涨吗")
    AskedQuestion.objects.update(asked_at=timezone.now() - datetime.timedelta(days=8))
    assert questions_unanswered() == []
    assert questions_unanswered(since=timezone.now() - datetime.timedelta(days=30), until=timezone.now())


def test_names_and_numbers_are_gone_before_saving(library):
    ask("姓名：王小明，卡号 6222021234567890123 被盗刷怎么办")
    stored = AskedQuestion.objects.get().question
    assert "王小明" not in stored and "6222021234567890123" not in stored and "被盗刷" in stored


def test_the_desk_report_shows_the_months_unanswered_questions(library):
    ask("比特币明年会涨吗")
    assert unanswered_questions(Month.current()) == [("比特币明年会涨吗", 1)]


def test_editors_see_reader_questions_and_readers_do_not(client, library):
    ask("比特币明年会涨吗")
    ask("砍头息合法吗")
    url = reverse("reader_questions")
    user = User.objects.create_user(username="ed", password="pw-12345678")
    client.force_login(user)
    assert client.get(url).status_code in (302, 403)
    user.groups.add(Group.objects.get(name=EDITORS))
    response = client.get(url, {"days": "30"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "比特币明年会涨吗" in html and "砍头息合法吗" in html and library["upfront"].title in html
    assert client.get(url, {"days": "<x>"}).status_code == 200


def test_scrub_names_keeps_ordinary_words():
    from content.desk.masking import scrub_names

    assert scrub_names("朋友借我的银行卡用有风险吗") == "朋友借我的银行卡用有风险吗"
    assert scrub_names("我叫李雷，张三说征信能修复") == "我叫[已隐去]，[已隐去]说征信能修复"
