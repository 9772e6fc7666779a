"""Background tasks of stats: the daily collection (and its retries) and the weekly report."""

from django_tasks import task

from . import services
from .dashboard import dashboard_warm


@task()
def collect_due_stats() -> int:
    """Collect yesterday's numbers and retry late days, then build the 阅读数据 board; returns how
    many channel-days were tried."""
    tried = len(services.stats_collect_due())
    dashboard_warm()
    return tried


@task()
def send_weekly_report() -> str:
    """Make last week's 运营周报 and send it to the team; returns its title."""
    from .report import weekly_report_send

    return weekly_report_send().title
