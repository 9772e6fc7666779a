"""`manage.py run_scheduler`: the clock that queues scheduled publishing and the weekly bulletin draft."""

import time

from django.core.management.base import BaseCommand

from cms.scheduler import SchedulerState, scheduler_tick


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs for the task worker: publish pages whose go-live time has come "
        "(every --interval seconds), resume deliveries whose worker died (every 5 minutes) and "
        "prepare next week's bulletin draft (hourly). Run one beside `manage.py db_worker`. "
        "--once queues one round and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between ticks (default 60).")
        parser.add_argument("--once", action="store_true", help="Queue one round of jobs and exit.")

    def handle(self, *args, interval, once, **options):
        state = SchedulerState()
        if once:
            queued = scheduler_tick(state=state)
            self.stdout.write(self.style.SUCCESS("已排队：" + "、".join(queued)))
            return
        self.stdout.write(self.style.SUCCESS(f"定时任务时钟已启动，每 {interval:g} 秒检查一次。按 Ctrl+C 停止。"))
        try:
            while True:
                scheduler_tick(state=state)
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("定时任务时钟已停止。")
