"""Seed the demo site: columns, articles, case studies, bulletins, their images, the brand and the users.

`demo_seed` fills a freshly migrated database (the home page, fraud types, hotlines
and the role groups come from migrations) and can run again at any time: every page
is looked up by its slug under its column, every image by its title in the demo
collection, every user by username, so a second run creates nothing and changes nothing.
The users are an administrator and one person per role (editor, marketing, reviewer),
so the review workflow can be tried from each side.
"""

import datetime
import hashlib
import io
import logging
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageLogEntry, Revision, Site

from content.roles import EDITORS, MARKETING, REVIEWERS
from core.quiet import quiet_publishing
from core.sites import default_site

from ..models import (
    ArticlePage,
    BrandSettings,
    BulletinAlert,
    BulletinPage,
    CaseStudyPage,
    ColumnPage,
    FraudType,
    HomePage,
    Hotline,
)
from . import aml, antifraud, credit, images, loans
from .build import CaseStudyRef, Figure, HotlineRef
from .bulletins import BULLETINS
from .cases import CASE_STUDIES
from .columns import COLUMNS

logger = logging.getLogger(__name__)

ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@example.com"
# One demo user per role: (username, group), created with the same password as the admin.
ROLE_USERS = (("editor", EDITORS), ("marketing", MARKETING), ("reviewer", REVIEWERS))
BRAND_NAME = "金融常识"
BRAND_COLOUR = "#0B5CAD"
COLLECTION_NAME = "演示内容"
ARTICLES = {
    "credit": credit.ARTICLES,
    "loans": loans.ARTICLES,
    "aml": aml.ARTICLES,
    "antifraud": antifraud.ARTICLES,
}
PUBLISH_TIME = datetime.time(9, 30)
TEXT_LIMITS = {"summary": 120, "lead_warning": 300, "tip_of_week": 300}

# What the report calls each kind of thing, in the order it lists them.
KINDS = ["栏目", "文章", "案例分析", "防诈周报", "图片", "品牌设置", "管理员", "演示账号"]


class DemoSeedError(Exception):
    """The demo content cannot be seeded into this database (for example, the home page is missing)."""


@dataclass
class SeedReport:
    """What `demo_seed` did: how many things of each kind it created and found already present.

    `admin_password` is set only when this run created the admin user with a password
    it generated; `role_password` only when it created role users (editor, marketing,
    reviewer) with a generated password, which is the admin's when the admin was created
    in the same run. Each is shown once and stored nowhere else.
    """

    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    admin_password: str | None = None
    role_password: str | None = None
    role_usernames: list[str] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return sum(self.created.values()) > 0

    def summary_lines(self) -> list[str]:
        """One line per kind: '文章：新建 17，已存在 0'."""
        return [
            f"{kind}：新建 {self.created[kind]}，已存在 {self.present[kind]}"
            for kind in KINDS
            if self.created[kind] or self.present[kind]
        ]


def _check_password(password: str, *, username: str, email: str) -> None:
    """Apply AUTH_PASSWORD_VALIDATORS to a password given in DEMO_ADMIN_PASSWORD, as for anyone's."""
    try:
        validate_password(password, user=get_user_model()(username=username, email=email))
    except ValidationError as error:
        reasons = "；".join(error.messages)
        raise DemoSeedError(
            f"DEMO_ADMIN_PASSWORD 不符合密码规则（用户 {username}）：{reasons}。请换一个更长、更难猜的密码后重试，"
            "或不设置它，让 seed_demo 生成一个。"
        ) from error


def demo_seed(*, admin_password: str | None = None, stdout: TextIO | None = None) -> SeedReport:
    """Fill the database with the demo content; return what was created and what was already there.

    `admin_password` is the password of the admin user and of the role users (editor,
    marketing, reviewer) when they are created; when it is None one is generated, the
    same for all the users created in this run. Users that exist keep their password.
    `stdout`, when given, receives one line for each thing created. Raises DemoSeedError
    when the database is not ready for it (no home page, no role groups).

    >>> report = demo_seed()                 # doctest: +SKIP
    >>> report.created["文章"]               # doctest: +SKIP
    17
    """
    report = SeedReport()
    # The demo's pages are published, but pushed to no channel: with credentials set later,
    # nothing of the demo reaches the real account or the app.
    with quiet_publishing(), transaction.atomic():
        seeder = _Seeder(report=report, stdout=stdout)
        seeder.admin_user(password=admin_password)
        seeder.role_users(password=admin_password)
        home = HomePage.objects.first()
        if home is None:
            raise DemoSeedError("找不到首页（HomePage）。请先运行 manage.py migrate，它会创建首页和参考数据。")
        columns = {data["column_key"]: seeder.column(home=home, data=data) for data in COLUMNS}
        for index, data in enumerate(CASE_STUDIES):
            seeder.case_study(column=columns[data["column"]], data=data, index=index)
        for column_key, articles in ARTICLES.items():
            for index, data in enumerate(articles):
                seeder.article(column=columns[column_key], data=data, index=index)
        for data in BULLETINS:
            seeder.bulletin(column=columns["antifraud"], data=data)
        seeder.brand(home=home)
    return report


class _Seeder:
    """The steps of `demo_seed`, sharing the report, the admin user, the clock and the image collection."""

    def __init__(self, *, report: SeedReport, stdout: TextIO | None):
        self.report = report
        self.stdout = stdout
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.user = None
        self._collection = None

    # -- reporting --------------------------------------------------------------

    def _created(self, kind: str, name: str) -> None:
        self.report.created[kind] += 1
        line = f"新建{kind}：{name}"
        if self.stdout is not None:
            self.stdout.write(line)
        logger.debug(line)

    def _present(self, kind: str) -> None:
        self.report.present[kind] += 1

    # -- people and settings ----------------------------------------------------

    def admin_user(self, *, password: str | None) -> None:
        User = get_user_model()
        user = User.objects.filter(username=ADMIN_USERNAME).first()
        if user is not None:
            self._present("管理员")
            self.user = user
            return
        generated = password is None
        if generated:
            password = secrets.token_urlsafe(12)
        else:
            _check_password(password, username=ADMIN_USERNAME, email=ADMIN_EMAIL)
        self.user = User.objects.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, password)
        if generated:
            self.report.admin_password = password
        self._created("管理员", ADMIN_USERNAME)

    def role_users(self, *, password: str | None) -> None:
        """One user per role, in its group; created with `password`, else the admin's generated one.

        A user that exists keeps its password and is only put back in its group if it left it.
        """
        User = get_user_model()
        for username, group_name in ROLE_USERS:
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                raise DemoSeedError(
                    f"找不到用户组“{group_name}”。请先运行 manage.py migrate，它会创建各角色的用户组。"
                )
            user = User.objects.filter(username=username).first()
            if user is not None:
                user.groups.add(group)
                self._present("演示账号")
                continue
            if password is None:
                password = self.report.admin_password or secrets.token_urlsafe(12)
                self.report.role_password = password
            elif not self.report.admin_password:
                _check_password(password, username=username, email=f"{username}@example.com")
            user = User.objects.create_user(
                username, f"{username}@example.com", password, first_name=group_name
            )
            user.groups.add(group)
            self.report.role_usernames.append(username)
            self._created("演示账号", f"{username}（{group_name}）")

    def brand(self, *, home: Page) -> None:
        site = default_site() or Site.objects.filter(root_page=home).first()
        if site is None:
            raise DemoSeedError("找不到默认站点（Site）。请先运行 manage.py migrate。")
        setting, made = BrandSettings.objects.get_or_create(site=site, defaults={"name": BRAND_NAME})
        if setting.logo_id and not made:
            self._present("品牌设置")
            return
        if setting.logo_id is None:
            setting.logo = self._image(
                title=f"标志｜{BRAND_NAME}",
                filename="demo-logo.png",
                draw=lambda: images.render_logo(name=BRAND_NAME, colour=BRAND_COLOUR),
            )
        setting.full_clean()
        setting.save()
        self._created("品牌设置", setting.name)

    # -- images -----------------------------------------------------------------

    def collection(self) -> Collection:
        if self._collection is None:
            root = Collection.get_first_root_node()
            self._collection = root.get_children().filter(name=COLLECTION_NAME).first() or root.add_child(
                name=COLLECTION_NAME
            )
        return self._collection

    def _image(self, *, title: str, filename: str, draw):
        """The demo image called `title`, drawn by `draw()` and saved the first time it is asked for."""
        Image = get_image_model()
        existing = Image.objects.filter(collection=self.collection(), title=title).first()
        if existing is not None:
            self._present("图片")
            return existing
        image = Image(title=title, collection=self.collection())
        image.file = ImageFile(io.BytesIO(draw()), name=filename)
        image._set_image_file_metadata()
        image.full_clean(exclude=["file"])
        image.save()
        self._created("图片", title)
        return image

    def cover(self, *, page_title: str, slug: str, column: ColumnPage, headline: str | None = None):
        return self._image(
            title=f"封面｜{page_title}"[:255],
            filename=f"demo-cover-{slug}.jpg",
            draw=lambda: images.render_cover(
                headline=headline or page_title, kicker=column.title, colour=column.colour, icon=column.icon
            ),
        )

    def figure(self, *, figure: Figure, column: ColumnPage):
        digest = hashlib.sha256(figure.headline.encode()).hexdigest()[:10]
        return self._image(
            title=f"插图｜{figure.headline}"[:255],
            filename=f"demo-figure-{column.slug}-{digest}.jpg",
            draw=lambda: images.render_figure(
                headline=figure.headline, items=list(figure.items), colour=column.colour
            ),
        )

    # -- stream bodies ----------------------------------------------------------

    def body(self, blocks: list[dict], *, column: ColumnPage, where: str) -> list[dict]:
        """The stored form of `blocks`, with images drawn and hotlines and case studies looked up.

        A block whose hotline or case study no longer exists is left out with a warning.
        """
        resolved = []
        for block in blocks:
            value = dict(block["value"]) if isinstance(block["value"], dict) else block["value"]
            if block["type"] == "image" and isinstance(value["image"], Figure):
                value["image"] = self.figure(figure=value["image"], column=column).pk
            elif block["type"] == "hotline" and isinstance(value["hotline"], HotlineRef):
                hotline = Hotline.objects.filter(number=value["hotline"].number).first()
                if hotline is None:
                    logger.warning("%s: hotline %s is missing; block left out", where, value["hotline"].number)
                    continue
                value["hotline"] = hotline.pk
            elif block["type"] == "case_study" and isinstance(value["case_study"], CaseStudyRef):
                case = CaseStudyPage.objects.filter(slug=value["case_study"].slug).first()
                if case is None:
                    logger.warning("%s: case study %s is missing; block left out", where, value["case_study"].slug)
                    continue
                value["case_study"] = case.pk
            resolved.append({"type": block["type"], "value": value})
        return resolved

    # -- pages ------------------------------------------------------------------

    def _published_at(self, days_ago: int, index: int = 0) -> datetime.datetime:
        """A morning `days_ago` days back (local time), a few minutes apart per `index`; never in the future."""
        day = self.today - datetime.timedelta(days=days_ago)
        moment = timezone.make_aware(datetime.datetime.combine(day, PUBLISH_TIME)) + datetime.timedelta(
            minutes=7 * index
        )
        return min(moment, self.now - datetime.timedelta(minutes=1))

    def _validate(self, page: Page, *, where: str) -> None:
        """What saving does not check: text lengths of TextFields and the blocks of the body."""
        errors = {}
        for name, limit in TEXT_LIMITS.items():
            value = getattr(page, name, None)
            if value is not None and len(value) > limit:
                errors[name] = f"{where}：超过 {limit} 字（现有 {len(value)} 字）。"
        body = getattr(page, "body", None)
        if body is not None:
            try:
                body.stream_block.clean(body)
            except ValidationError as error:
                errors["body"] = f"{where}：正文块校验失败：{error.messages}"
        if errors:
            raise DemoSeedError("；".join(errors.values()))

    def _add_and_publish(self, *, parent: Page, page: Page, published_at: datetime.datetime, kind: str) -> Page:
        """Add `page` under `parent` (validated by `save`), publish a revision, and date it `published_at`."""
        where = f"{kind}《{page.title}》"
        self._validate(page, where=where)
        page.first_published_at = published_at
        try:
            parent.add_child(instance=page)
        except ValidationError as error:
            raise DemoSeedError(f"{where} 校验失败：{error.message_dict}") from error
        revision = page.save_revision(user=self.user)
        revision.publish(user=self.user)
        # Make the history read as if the page had been published then, not all at once today.
        Revision.objects.filter(pk=revision.pk).update(created_at=published_at)
        Page.objects.filter(pk=page.pk).update(
            first_published_at=published_at,
            last_published_at=published_at,
            latest_revision_created_at=published_at,
        )
        PageLogEntry.objects.filter(page=page).update(timestamp=published_at)
        self._created(kind, page.title)
        return page

    def column(self, *, home: Page, data: dict) -> ColumnPage:
        existing = (
            ColumnPage.objects.filter(column_key=data["column_key"]).first()
            or ColumnPage.objects.child_of(home).filter(slug=data["slug"]).first()
        )
        if existing is not None:
            self._present("栏目")
            return existing
        page = ColumnPage(
            title=data["title"],
            slug=data["slug"],
            column_key=data["column_key"],
            intro=data["intro"],
            colour=data["colour"],
            icon=data["icon"],
        )
        index = [column["column_key"] for column in COLUMNS].index(data["column_key"])
        return self._add_and_publish(
            parent=home, page=page, published_at=self._published_at(50, index), kind="栏目"
        )

    def _exists(self, *, parent: Page, slug: str) -> bool:
        return Page.objects.child_of(parent).filter(slug=slug).exists()

    def article(self, *, column: ColumnPage, data: dict, index: int) -> None:
        if self._exists(parent=column, slug=data["slug"]):
            self._present("文章")
            return
        where = f"文章《{data['title']}》"
        page = ArticlePage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            author=data["author"],
            cover_image=self.cover(page_title=data["title"], slug=data["slug"], column=column),
            body=self.body(data["body"], column=column, where=where),
        )
        page.fraud_types = list(FraudType.objects.filter(slug__in=data["fraud_types"]))
        self._add_and_publish(
            parent=column, page=page, published_at=self._published_at(data["days_ago"], index), kind="文章"
        )

    def case_study(self, *, column: ColumnPage, data: dict, index: int) -> None:
        if self._exists(parent=column, slug=data["slug"]):
            self._present("案例分析")
            return
        where = f"案例《{data['title']}》"
        fraud_type = FraudType.objects.filter(slug=data["fraud_type"]).first()
        if fraud_type is None:
            raise DemoSeedError(f"{where}：找不到诈骗类型 {data['fraud_type']}。请先运行 manage.py migrate。")
        page = CaseStudyPage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            cover_image=self.cover(page_title=data["title"], slug=data["slug"], column=column),
            fraud_type=fraud_type,
            loss_amount=data["loss_amount"],
            region=data["region"],
            occurred_on=self.today - datetime.timedelta(days=data["occurred_days_ago"]),
            story=data["story"],
            technique=data["technique"],
            red_flags=data["red_flags"],
            prevention=data["prevention"],
            aftermath=data["aftermath"],
            body=self.body(data["body"], column=column, where=where),
        )
        self._add_and_publish(
            parent=column, page=page, published_at=self._published_at(data["days_ago"], index), kind="案例分析"
        )

    def bulletin(self, *, column: ColumnPage, data: dict) -> None:
        if (
            self._exists(parent=column, slug=data["slug"])
            or BulletinPage.objects.filter(issue_number=data["issue_number"]).exists()
        ):
            self._present("防诈周报")
            return
        number = data["issue_number"]
        this_monday = self.today - datetime.timedelta(days=self.today.weekday())
        week_start = this_monday - datetime.timedelta(weeks=data["weeks_ago"])
        week_end = week_start + datetime.timedelta(days=6)
        title = f"防诈周报 第 {number} 期（{week_start:%m.%d}–{week_end:%m.%d}）"
        where = f"周报《{title}》"
        alerts = []
        for position, item in enumerate(data["alerts"]):
            alert = BulletinAlert(
                sort_order=position,
                fraud_type=FraudType.objects.get(slug=item["fraud_type"]),
                title=item["title"],
                body=item["body"],
                case_study=CaseStudyPage.objects.filter(slug=item["case_study"]).first()
                if item["case_study"]
                else None,
            )
            try:
                alert.full_clean(exclude=["page"])
            except ValidationError as error:
                raise DemoSeedError(f"{where} 的预警条目《{item['title']}》校验失败：{error.message_dict}") from error
            alerts.append(alert)
        page = BulletinPage(
            title=title,
            slug=data["slug"],
            summary=data["summary"],
            issue_number=number,
            week_start=week_start,
            week_end=week_end,
            lead_warning=data["lead_warning"],
            tip_of_week=data["tip_of_week"],
            cover_image=self.cover(
                page_title=title,
                slug=data["slug"],
                column=column,
                headline=f"防诈周报 第 {number} 期\n{week_start:%Y.%m.%d}–{week_end:%m.%d}",
            ),
            body=self.body(data["body"], column=column, where=where),
        )
        page.alerts = alerts
        published_at = timezone.make_aware(
            datetime.datetime.combine(week_end + datetime.timedelta(days=1), datetime.time(9, 0))
        )
        self._add_and_publish(
            parent=column, page=page, published_at=min(published_at, self.now - datetime.timedelta(minutes=1)),
            kind="防诈周报",
        )
