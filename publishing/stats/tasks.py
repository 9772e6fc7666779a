"""Background tasks of stats: the daily collection (and its retries) and the weekly report."""

from django_tasks import task

from . import services


@task()
def collect_due_stats() -> int:
    """Collect yesterday's numbers and retry late days; returns how many channel-days were tried."""
    return len(services.stats_collect_due())


@task()
def send_weekly_report() -> str:
    """Make last week's 运营周报 and send it to the team; returns its title."""
    from .report import weekly_report_send

    return weekly_report_send().title
