"""Preparing next week's anti-fraud bulletin (防诈周报) as a draft, ready for marketing to finish."""

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from .models import BulletinAlert, BulletinPage, CaseStudyPage, ColumnPage, Hotline
from .models.pages import COLUMN_ANTIFRAUD

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
GO_LIVE_TIME = datetime.time(9, 0)
MAX_ALERTS = 10
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
class PreparedBulletin:
    """What `bulletin_prepare` did: the bulletin for the week, and whether it made it now."""

    page: BulletinPage
    created: bool


def next_week_start(today: datetime.date) -> datetime.date:
    """The Monday after `today` (a Monday gives the following Monday).

    >>> next_week_start(datetime.date(2026, 11, 25))
    datetime.date(2026, 11, 30)
    """
    return today + datetime.timedelta(days=7 - today.weekday())


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


def _hotline_blocks() -> list[tuple[str, dict]]:
    return [
        ("hotline", {"hotline": hotline, "note": hotline.description})
        for hotline in Hotline.objects.order_by("sort_order", "pk")
    ]


@transaction.atomic
def bulletin_prepare(*, today: datetime.date | None = None) -> PreparedBulletin:
    """Create next week's bulletin as a draft, or return the one that exists.

    The draft gets the next issue number, the week's Monday–Sunday dates, one alert per
    fraud type of the case studies published since the last issue, the standing hotline
    items, a tip of the week, and a go-live time of Monday 09:00 Asia/Shanghai.

    Raises BulletinPreparationError when there is no anti-fraud column to put it in.
    """
    today = today or timezone.localdate(timezone=SHANGHAI)
    week_start = next_week_start(today)
    existing = BulletinPage.objects.filter(week_start=week_start).first()
    if existing is not None:
        return PreparedBulletin(page=existing, created=False)

    column = ColumnPage.objects.filter(column_key=COLUMN_ANTIFRAUD).first()
    if column is None:
        raise BulletinPreparationError("没有找到反诈骗栏目，无法创建周报。请先在后台创建“反诈骗”栏目。")

    previous = BulletinPage.objects.order_by("-issue_number").first()
    number = previous.issue_number + 1 if previous else 1
    if previous is None:
        since = timezone.now() - datetime.timedelta(days=7)
    else:
        since = previous.last_published_at or datetime.datetime.combine(
            previous.week_start, datetime.time.min, tzinfo=SHANGHAI
        )
    alerts = _alerts_from(_case_studies_since(since))
    week_end = week_start + datetime.timedelta(days=6)
    type_names = "、".join(alert.fraud_type.name for alert in alerts[:3])
    lead_warning = (
        f"本周需重点防范{type_names}等诈骗手法。陌生人让你转账、交费、下载 App，先停一停，拨打 96110 核实。"
        if alerts
        else "骗子的剧本天天换，转账前多问一句、多等一分钟。陌生人让你转账、交费、下载 App，先拨打 96110 核实。"
    )
    page = BulletinPage(
        title=f"防诈周报 第 {number} 期（{week_start:%m.%d}–{week_end:%m.%d}）",
        slug=f"bulletin-{number}",
        issue_number=number,
        week_start=week_start,
        week_end=week_end,
        summary=f"第 {number} 期防诈周报：本周预警、典型案例和防范提示。"[:120],
        lead_warning=lead_warning,
        tip_of_week=STANDING_TIPS[(number - 1) % len(STANDING_TIPS)],
        body=_hotline_blocks(),
        go_live_at=datetime.datetime.combine(week_start, GO_LIVE_TIME, tzinfo=SHANGHAI),
        live=False,
    )
    page.alerts = alerts
    column.add_child(instance=page)
    page.save_revision(log_action=True)
    logger.info("Prepared bulletin %s for the week of %s", page.issue_label, week_start)
    return PreparedBulletin(page=page, created=True)
