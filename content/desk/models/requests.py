"""One reader's request to the desk (诉求), with its receipt number, deadline and status.

Personal values (name, phone, the text, which may hold ID and card numbers) are encrypted
at rest (`EncryptedTextField`); what must be matched is kept as keyed hashes beside them.
No client address, cookie or device identifier is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import deadlines
from ..fields import EncryptedTextField


class Kind(models.TextChoices):
    CONSULTATION = "consultation", _("咨询")
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("建议")
    FRAUD_REPORT = "fraud_report", _("举报诈骗")


class Status(models.TextChoices):
    NEW = "new", _("待分派")
    ASSIGNED = "assigned", _("处理中")
    WAITING = "waiting", _("待读者补充")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


FINISHED = (Status.ANSWERED, Status.CLOSED)


class Source(models.TextChoices):
    """Where a request came in (来源): the desk's web page or the app. Not a publishing channel."""

    WEB = "web", _("网页")
    APP = "app", _("App")


class DeskRequest(models.Model):

    # Not part of Wagtail's reference index: nothing here is content another page links to, and
    # indexing would queue a task for every request, vote and history line.
    wagtail_reference_index_ignore = True
    number = models.CharField(_("受理编号"), max_length=32, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("来源"), max_length=8, choices=Source.choices, default=Source.WEB)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.NEW)
    category = models.CharField(_("分类"), max_length=40, blank=True)
    suggested_category = models.CharField(_("建议分类"), max_length=40, blank=True)
    urgent = models.BooleanField(_("紧急"), default=False)
    urgent_terms = models.JSONField(_("命中的紧急词"), default=list, blank=True)

    text = EncryptedTextField(_("内容"))
    name = EncryptedTextField(_("称呼"), blank=True)
    phone = EncryptedTextField(_("手机号"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_last4_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    consent = models.BooleanField(_("同意处理个人信息"), default=False)
    consent_version = models.CharField(max_length=20, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("来自页面"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    due_date = models.DateField(_("办理期限"))
    is_complex = models.BooleanField(_("复杂案件"), default=False)
    complex_reason = models.TextField(_("延期原因"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    erased_at = models.DateTimeField(_("个人信息删除时间"), null=True, blank=True)
    deadline_notice = models.CharField(max_length=10, blank=True, editable=False)
    keywords = models.JSONField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-urgent", "due_date", "received_at"]
        # The queue's order, for one status and for all open requests (a partial index: the
        # open tenth of a year's requests); see selectors.QUEUE_ORDER.
        indexes = [
            models.Index(fields=["status", "-urgent", "due_date", "received_at", "id"], name="desk_status_queue_idx"),
            models.Index(
                fields=["-urgent", "due_date", "received_at", "id"], name="desk_open_queue_idx",
                condition=~models.Q(status__in=["answered", "closed"]),
            ),
            models.Index(fields=["kind", "received_at"], name="desk_kind_received_idx"),
            models.Index(fields=["closed_at", "erased_at"], name="desk_retention_idx"),
        ]
        permissions = [
            ("reveal_personal_data", "Can show a request's personal data in full"),
            ("export_unmasked", "Can export requests without masking"),
            ("view_desk_analysis", "Can view the desk analysis"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def deadline_state(self) -> str:
        return deadlines.deadline_state(self.due_date, finished=self.is_finished)

    @property
    def deadline_label(self) -> str:
        return deadlines.STATE_LABELS[self.deadline_state]

    @property
    def days_left(self) -> int:
        return deadlines.days_left(self.due_date)
