"""`manage.py seed_demo`: fill the database with the demo site (safe to run again)."""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from content.demo import DemoSeedError, demo_seed
from content.demo.service import ROLE_USERS
from core.sites import default_site

# Site hostnames that only ever meant "this machine": the demo may point them at its own address.
LOCAL_HOSTNAMES = ("localhost", "127.0.0.1")


class Command(BaseCommand):
    help = (
        "Fill a migrated database with the demo site: the four columns (征信, 信贷, 反洗钱, 反诈骗), "
        "articles with quizzes, tables and figures, case studies, two weekly anti-fraud bulletins, "
        "generated cover images, the brand setting with a logo, an admin user 'admin' and one user "
        "per role ('editor' 内容编辑, 'marketing' 市场运营, 'reviewer' 合规审核), whose password comes "
        "from DEMO_ADMIN_PASSWORD or is generated and printed once. Idempotent: what already exists "
        "(looked up by slug, title or username) is left unchanged, passwords included."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 2
        try:
            report = demo_seed(
                admin_password=os.environ.get("DEMO_ADMIN_PASSWORD") or None,
                stdout=self.stdout if verbose else None,
            )
        except DemoSeedError as error:
            raise CommandError(str(error)) from error

        for line in report.summary_lines():
            self.stdout.write(f"  {line}")
        if report.created["管理员"]:
            if report.admin_password:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"已创建管理员 admin，密码：{report.admin_password}（只显示这一次，请妥善保存）"
                    )
                )
            else:
                self.stdout.write(self.style.SUCCESS("已创建管理员 admin，密码取自环境变量 DEMO_ADMIN_PASSWORD。"))
        else:
            self.stdout.write("管理员 admin 已存在，密码未做改动。")
        self._report_role_users(report)
        self._point_site_at_base_url()
        if report.created_anything:
            # Wagtail indexes pages in background tasks; index now so search works at once.
            call_command("update_index", verbosity=0)
            self.stdout.write(self.style.SUCCESS("演示内容已就绪，搜索索引已更新。"))
        else:
            self.stdout.write(self.style.SUCCESS("演示内容已全部存在，本次没有新建任何内容。"))

    def _point_site_at_base_url(self) -> None:
        """Give the default site the demo's address, so share links and QR codes point where it runs.

        The address comes from PUBLIC_BASE_URL (scripts/demo sets it to the port it serves;
        http://127.0.0.1:8000 without it).
        Only an address on this machine (the migrations' localhost:80, or an earlier demo's
        127.0.0.1:<port>) is replaced; a site an operator configured is left alone.
        """
        site = default_site()
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)  # PUBLIC_BASE_URL, else http://127.0.0.1:8000
        if site is None or not base.hostname or site.hostname not in LOCAL_HOSTNAMES:
            return
        port = base.port or (443 if base.scheme == "https" else 80)
        if (base.hostname, port) != (site.hostname, site.port):
            site.hostname, site.port = base.hostname, port
            site.save(update_fields=["hostname", "port"])
            self.stdout.write(f"默认站点地址已设为 {base.scheme}://{base.hostname}:{port}/")

    def _report_role_users(self, report) -> None:
        if not report.role_usernames:
            names = "、".join(username for username, _group in ROLE_USERS)
            self.stdout.write(f"演示账号 {names} 已存在，密码未做改动。")
            return
        names = "、".join(report.role_usernames)
        if report.role_password is None:
            where = "密码取自环境变量 DEMO_ADMIN_PASSWORD"
        elif report.role_password == report.admin_password:
            where = "密码与管理员 admin 相同"
        else:
            where = f"密码：{report.role_password}（只显示这一次，请妥善保存）"
        self.stdout.write(self.style.SUCCESS(f"已创建演示账号 {names}，{where}。"))
