"""Next week's anti-fraud bulletin (防诈周报): its draft, ready for marketing to finish, and where the weeks stand.

`bulletin_draft` builds the bulletin without saving it: the next issue number, Monday to
Sunday, one alert per fraud type of the case studies published since the last issue (or,
in a week without any, the fraud types most reported lately, saying so), the hotlines, a
tip of the week and a go-live time of Monday 09:00 Asia/Shanghai. `manage.py
prepare_bulletin` saves it as a draft (`bulletin_prepare`); the admin opens Wagtail's create
form filled in with it (content/wagtail_hooks.py, `init_new_page`). `bulletin_weeks` says
whether this week and next week have their bulletin, for the dashboard.
"""

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from .models import BulletinAlert, BulletinPage, CaseStudyPage, ColumnPage, FraudType, Hotline
from .models.pages import COLUMN_ANTIFRAUD

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
GO_LIVE_TIME = datetime.time(9, 0)
MAX_ALERTS = 10
# A week without new case studies warns about the fraud types most reported in this window.
RECENT_DAYS = 90
RECENT_ALERTS = 3
SOURCE_NEW_CASES = "new_cases"
SOURCE_RECENT_TYPES = "recent_types"
STANDING_TIPS = [
    "凡是要求把钱转到“安全账户”的，都是诈骗。公检法机关不会通过电话办案，也没有“安全账户”。",
    "网上兼职“刷单返利”本身就是违法行为，先垫钱再返利的，一律是骗局。",
    "正规贷款放款前不收任何费用，要求先交“保证金”“解冻费”的，都是诈骗。",
    "征信记录无法“修复”“洗白”，只有本人按时还款、等待不良记录期满，信用才能恢复。",
    "不出租、出借、出售自己的银行卡、手机卡和收款码，否则可能被追究法律责任。",
    "不点击陌生链接，不下载陌生 App，不开启“屏幕共享”，验证码不告诉任何人。",
    "亲友、领导在网上借钱，先打电话或当面核实，再决定是否转账。",
    "遇到可疑情况，拨打 96110 咨询；已经转账的，立即拨打 110 报警并保留证据。",
]


class BulletinPreparationError(Exception):
    """The bulletin cannot be prepared (for example, the anti-fraud column is missing)."""


@dataclass(frozen=True)
class BulletinDraft:
    """Next week's bulletin, unsaved, and what its alerts are based on.

    `source` is SOURCE_NEW_CASES (the case studies published since the last issue, `new_cases`
    of them) or SOURCE_RECENT_TYPES (none were: the fraud types most reported lately). `note`
    says which, in the words the admin shows marketing.
    """

    page: BulletinPage
    column: ColumnPage
    source: str
    new_cases: int
    note: str


@dataclass(frozen=True)
class PreparedBulletin:
    """What `bulletin_prepare` did: the bulletin for the week, and whether it made it now."""

    page: BulletinPage
    created: bool
    note: str = ""


def next_week_start(today: datetime.date) -> datetime.date:
    """The Monday after `today` (a Monday gives the following Monday).

    >>> next_week_start(datetime.date(2026, 11, 25))
    datetime.date(2026, 11, 30)
    """
    return today + datetime.timedelta(days=7 - today.weekday())


def week_start_of(day: datetime.date) -> datetime.date:
    """The Monday of the week `day` is in."""
    return day - datetime.timedelta(days=day.weekday())


def today_in_shanghai() -> datetime.date:
    return timezone.localdate(timezone=SHANGHAI)


def _case_studies_since(since: datetime.datetime | None) -> list[CaseStudyPage]:
    queryset = CaseStudyPage.objects.live().public().select_related("fraud_type")
    if since is not None:
        queryset = queryset.filter(first_published_at__gte=since)
    return list(queryset.order_by("-first_published_at", "-pk"))


def _alerts_from(case_studies: list[CaseStudyPage]) -> list[BulletinAlert]:
    """One alert per fraud type, the most frequent first, listing that type's new cases."""
    by_type: dict[int, list[CaseStudyPage]] = defaultdict(list)
    for case in case_studies:
        by_type[case.fraud_type_id].append(case)
    counts = Counter({type_id: len(cases) for type_id, cases in by_type.items()})
    alerts = []
    for position, (type_id, count) in enumerate(counts.most_common(MAX_ALERTS)):
        cases = by_type[type_id]
        fraud_type = cases[0].fraud_type
        titles = "；".join(f"《{case.title}》" for case in cases[:3])
        body = f"{fraud_type.description}本期新增案例 {count} 起：{titles}。"
        alerts.append(
            BulletinAlert(
                fraud_type=fraud_type,
                title=f"警惕{fraud_type.name}"[:40],
                body=body[:400],
                case_study=cases[0],
                sort_order=position,
            )
        )
    return alerts


def recent_fraud_types(*, now: datetime.datetime | None = None, limit: int = RECENT_ALERTS) -> list[tuple[FraudType, int]]:
    """The fraud types most reported lately: by case studies published in the last RECENT_DAYS,
    then the editors' order of the taxonomy; each with its count of recent cases."""
    since = (now or timezone.now()) - datetime.timedelta(days=RECENT_DAYS)
    counted = (
        FraudType.objects.annotate(
            recent=Count(
                "case_studies",
                filter=Q(case_studies__live=True, case_studies__first_published_at__gte=since),
                distinct=True,
            )
        )
        .order_by("-recent", "sort_order", "pk")[:limit]
    )
    return [(fraud_type, fraud_type.recent) for fraud_type in counted]


def _recent_alerts(now: datetime.datetime) -> list[BulletinAlert]:
    """Alerts for a week without new case studies: the types most reported lately, with their latest case."""
    alerts = []
    for position, (fraud_type, count) in enumerate(recent_fraud_types(now=now)):
        latest = (
            CaseStudyPage.objects.live().public().filter(fraud_type=fraud_type)
            .order_by("-first_published_at", "-pk").first()
        )
        recent = f"近 {RECENT_DAYS} 天发布相关案例 {count} 起，仍是高发类型。" if count else "仍是常见的诈骗手法。"
        alerts.append(
            BulletinAlert(
                fraud_type=fraud_type,
                title=f"警惕{fraud_type.name}"[:40],
                body=f"{fraud_type.description}{recent}"[:400],
                case_study=latest,
                sort_order=position,
            )
        )
    return alerts


def _hotline_blocks() -> list[tuple[str, dict]]:
    return [
        ("hotline", {"hotline": hotline, "note": hotline.description})
        for hotline in Hotline.objects.order_by("sort_order", "pk")
    ]


def antifraud_column() -> ColumnPage | None:
    """The column bulletins live in."""
    return ColumnPage.objects.filter(column_key=COLUMN_ANTIFRAUD).first()


def bulletin_draft(*, today: datetime.date | None = None) -> BulletinDraft:
    """Next week's bulletin, filled in and not saved (see the module docstring).

    Raises BulletinPreparationError when there is no anti-fraud column to put it in.
    """
    today = today or today_in_shanghai()
    column = antifraud_column()
    if column is None:
        raise BulletinPreparationError("没有找到反诈骗栏目，无法创建周报。请先在后台创建“反诈骗”栏目。")
    week_start = next_week_start(today)
    previous = BulletinPage.objects.order_by("-issue_number").first()
    number = previous.issue_number + 1 if previous else 1
    now = datetime.datetime.combine(today, datetime.time(12, 0), tzinfo=SHANGHAI)
    if previous is None:
        since = now - datetime.timedelta(days=7)
    else:
        since = previous.last_published_at or datetime.datetime.combine(
            previous.week_start, datetime.time.min, tzinfo=SHANGHAI
        )
    new_cases = _case_studies_since(since)
    alerts = _alerts_from(new_cases)
    type_names = "、".join(alert.fraud_type.name for alert in alerts[:3])
    if alerts:
        source = SOURCE_NEW_CASES
        note = f"预警条目来自上期以来新发布的 {len(new_cases)} 篇案例分析。"
        lead_warning = f"本周需重点防范{type_names}等诈骗手法。陌生人让你转账、交费、下载 App，先停一停，拨打 96110 核实。"
    else:
        source = SOURCE_RECENT_TYPES
        alerts = _recent_alerts(now)
        type_names = "、".join(alert.fraud_type.name for alert in alerts)
        note = f"上期以来没有新发布的案例分析，预警条目按近 {RECENT_DAYS} 天高发的诈骗类型生成，请核对后再提交。"
        lead_warning = (
            f"本周没有新增案例，但{type_names}等诈骗仍然高发。陌生人让你转账、交费、下载 App，先拨打 96110 核实。"
            if type_names
            else "骗子的剧本天天换，转账前多问一句、多等一分钟。陌生人让你转账、交费、下载 App，先拨打 96110 核实。"
        )
    week_end = week_start + datetime.timedelta(days=6)
    page = BulletinPage(
        title=f"防诈周报 第 {number} 期（{week_start:%m.%d}–{week_end:%m.%d}）",
        slug=f"bulletin-{number}",
        issue_number=number,
        week_start=week_start,
        week_end=week_end,
        summary=f"第 {number} 期防诈周报：本周预警、典型案例和防范提示。"[:120],
        lead_warning=lead_warning[:300],
        tip_of_week=STANDING_TIPS[(number - 1) % len(STANDING_TIPS)],
        body=_hotline_blocks(),
        go_live_at=datetime.datetime.combine(week_start, GO_LIVE_TIME, tzinfo=SHANGHAI),
        live=False,
    )
    page.alerts = alerts
    return BulletinDraft(page=page, column=column, source=source, new_cases=len(new_cases), note=note)


def bulletin_for_week(week_start: datetime.date) -> BulletinPage | None:
    return BulletinPage.objects.filter(week_start=week_start).first()


@transaction.atomic
def bulletin_prepare(*, today: datetime.date | None = None) -> PreparedBulletin:
    """Create next week's bulletin as a draft (see `bulletin_draft`), or return the one that exists.

    Raises BulletinPreparationError when there is no anti-fraud column to put it in.
    """
    today = today or today_in_shanghai()
    existing = bulletin_for_week(next_week_start(today))
    if existing is not None:
        return PreparedBulletin(page=existing, created=False)
    draft = bulletin_draft(today=today)
    page = draft.page
    draft.column.add_child(instance=page)
    page.save_revision(log_action=True)
    logger.info("Prepared bulletin %s for the week of %s (%s)", page.issue_label, page.week_start, draft.source)
    return PreparedBulletin(page=page, created=True, note=draft.note)


def bulletin_fill_new(page: BulletinPage, *, today: datetime.date | None = None) -> BulletinDraft | None:
    """Fill a bulletin Wagtail is about to show in its create form with next week's draft.

    Returns the draft used, or None when there is no anti-fraud column (the form stays empty).
    """
    try:
        draft = bulletin_draft(today=today)
    except BulletinPreparationError:
        return None
    for field in ("title", "slug", "issue_number", "week_start", "week_end", "summary", "lead_warning",
                  "tip_of_week", "body", "go_live_at"):
        setattr(page, field, getattr(draft.page, field))
    page.alerts = list(draft.page.alerts.all())
    return draft


@dataclass(frozen=True)
class BulletinWeeks:
    """Where the bulletins stand today: this week's and next week's, each the page or None."""

    today: datetime.date
    this_week_start: datetime.date
    next_week_start: datetime.date
    this_week: BulletinPage | None
    next_week: BulletinPage | None

    @property
    def this_week_missing(self) -> bool:
        """This week has no bulletin that readers can see."""
        return self.this_week is None or not self.this_week.live

    @property
    def next_week_missing(self) -> bool:
        return self.next_week is None


def bulletin_weeks(*, today: datetime.date | None = None) -> BulletinWeeks:
    """This week's and next week's bulletins, each knowing whether it is scheduled (one query)."""
    today = today or today_in_shanghai()
    this_start = week_start_of(today)
    next_start = next_week_start(today)
    found = {
        page.week_start: page
        for page in BulletinPage.objects.filter(week_start__in=[this_start, next_start]).annotate_approved_schedule()
    }
    return BulletinWeeks(
        today=today, this_week_start=this_start, next_week_start=next_start,
        this_week=found.get(this_start), next_week=found.get(next_start),
    )
