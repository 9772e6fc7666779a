"""Tests for the review workflow: the automatic compliance step, the reviewer, scheduled publishing."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User
from django.urls import reverse

from wagtail.models import PageLogEntry, WorkflowState

import pytest
import time_machine

from cms.scheduler import SchedulerState, scheduler_tick
from content.bulletins import bulletin_prepare
from content.models import ArticlePage, BulletinPage, CaseStudyPage, ColumnPage, FraudType, HomePage
from content.roles import EDITORS, MARKETING, REVIEWERS

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db

CLEAN_BODY = "<p>查询个人信用报告每年有两次免费机会，可以通过征信中心官网或银行网点办理。</p>"
FORBIDDEN_SUMMARY = "我们的理财产品稳赚不赔，保本保息，收益全市场最高。"


def _user(username, group):
    user = User.objects.create_user(username=username, password="pw-12345678")
    user.groups.add(Group.objects.get(name=group))
    return user


def _column(key, title):
    column = ColumnPage(title=title, slug=key, column_key=key, intro=f"{title}栏目")
    HomePage.objects.get().add_child(instance=column)
    return column


def _approve(page, reviewer):
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "approve", comment="同意发布")


def _reject(page, reviewer, comment):
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "reject", comment=comment)


def _draft_article(column, editor, summary):
    page = ArticlePage(
        title="如何查询个人信用报告", slug="credit-report", summary=summary, owner=editor,
        body=[("paragraph", CLEAN_BODY)], live=False,
    )
    column.add_child(instance=page)
    page.save_revision(user=editor)
    return page


def _submit(page, user):
    page = page.get_latest_revision_as_object()
    return page.get_workflow().start(page, user)


def test_content_with_an_error_finding_is_returned_to_its_author_with_the_reasons():
    column = _column("credit", "征信")
    editor = _user("editor", EDITORS)
    page = _draft_article(column, editor, FORBIDDEN_SUMMARY)

    state = _submit(page, editor)

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    comment = state.current_task_state.comment
    assert "稳赚不赔" in comment
    assert "摘要" in comment
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_clean_content_passes_the_check_and_waits_for_the_reviewer_then_goes_live():
    column = _column("credit", "征信")
    editor, reviewer = _user("editor", EDITORS), _user("reviewer", REVIEWERS)
    page = _draft_article(column, editor, "每年两次免费查询个人信用报告，教你正确渠道。")

    state = _submit(page, editor)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "合规审核"
    assert not ArticlePage.objects.get(pk=page.pk).live

    _approve(page, reviewer)

    page.refresh_from_db()
    assert page.live
    actions = list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    for action in ("wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"):
        assert action in actions


def test_a_rejection_returns_the_page_to_its_author_with_the_reviewers_comment(client):
    column = _column("credit", "征信")
    editor, reviewer = _user("editor", EDITORS), _user("reviewer", REVIEWERS)
    page = _draft_article(column, editor, "每年两次免费查询个人信用报告，教你正确渠道。")
    _submit(page, editor)

    _reject(page, reviewer, "请补充征信中心官网的准确网址。")

    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not ArticlePage.objects.get(pk=page.pk).live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.reject").exists()
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert "请补充征信中心官网的准确网址。" in response.content.decode()


def test_a_prepared_bulletin_goes_live_on_time_without_anyone_at_a_keyboard():
    column = _column("antifraud", "反诈骗")
    marketer, reviewer = _user("marketer", MARKETING), _user("reviewer", REVIEWERS)
    case = CaseStudyPage(
        title="兼职刷单被骗三万元", slug="case-1", fraud_type=FraudType.objects.get(slug="shuadan-fanli"),
        story="<p>小王在网上看到兼职广告。</p>", technique="<p>先返小利，再诱导垫付。</p>",
        red_flags="<p>要求先垫钱的兼职。</p>", prevention="<p>刷单本身违法，不要参与。</p>",
        aftermath="<p>保留证据，拨打 110 报警。</p>",
    )
    column.add_child(instance=case)

    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI), tick=False):
        case.save_revision().publish()
        bulletin = bulletin_prepare(today=datetime.date(2026, 11, 25)).page
        state = _submit(bulletin, marketer)
        state.refresh_from_db()
        assert state.current_task_state.task.name == "合规审核", state.current_task_state.comment
        _approve(bulletin, reviewer)
        bulletin = BulletinPage.objects.get(pk=bulletin.pk)
        assert not bulletin.live, "approved for Monday 09:00, not before"
        assert bulletin.get_latest_revision().approved_go_live_at is not None

    clock = SchedulerState()
    with time_machine.travel(datetime.datetime(2026, 11, 30, 8, 59, tzinfo=SHANGHAI), tick=False):
        scheduler_tick(state=clock)
        assert not BulletinPage.objects.get(pk=bulletin.pk).live

    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 1, tzinfo=SHANGHAI), tick=False):
        queued = scheduler_tick(state=clock)
        bulletin = BulletinPage.objects.get(pk=bulletin.pk)
        assert bulletin.live
        assert bulletin.alerts.count() == 1
        assert "publish_scheduled_pages" in " ".join(queued)
    assert PageLogEntry.objects.filter(page=bulletin, action="wagtail.publish.scheduled").exists()


def test_the_automatic_decision_is_logged_as_the_systems_not_the_submitters():
    """In the admin the submitter's request is the log context; the check's verdict is not theirs."""
    from wagtail.log_actions import LogContext

    column = _column("credit", "征信")
    editor, reviewer = _user("editor", EDITORS), _user("reviewer", REVIEWERS)
    passing = _draft_article(column, editor, "每年两次免费查询个人信用报告，教你正确渠道。")
    with LogContext(user=editor) as request_context:
        _submit(passing, editor)
    _approve(passing, reviewer)

    entries = {entry.action: entry for entry in PageLogEntry.objects.filter(page=passing).order_by("pk")}
    approvals = PageLogEntry.objects.filter(page=passing, action="wagtail.workflow.approve").order_by("pk")
    assert entries["wagtail.workflow.start"].user == editor
    assert [entry.user for entry in approvals] == [None, reviewer]
    assert approvals[0].uuid == request_context.uuid == entries["wagtail.workflow.start"].uuid

    failing = ArticlePage(title="理财", slug="bad", summary=FORBIDDEN_SUMMARY, owner=editor,
                          body=[("paragraph", CLEAN_BODY)], live=False)
    column.add_child(instance=failing)
    failing.save_revision(user=editor)
    with LogContext(user=editor):
        _submit(failing, editor)
    rejection = PageLogEntry.objects.get(page=failing, action="wagtail.workflow.reject")
    assert rejection.user is None
