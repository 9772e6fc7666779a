"""Tests for `manage.py seed_demo` and the demo content it creates (content/demo/)."""

import datetime
import os
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

import pytest

from content.blocks import CHOICE_LETTERS
from content.compliance import check_page
from content.demo import DemoSeedError, demo_seed, images
from content.demo.build import _html
from content.models import (
    ArticlePage,
    BrandSettings,
    BulletinPage,
    CaseStudyPage,
    ColumnPage,
    FraudType,
    HomePage,
)
from content.models.pages import COLUMN_CHOICES, ICON_CHOICES
from content.roles import EDITORS, MARKETING, REVIEWERS, user_can_author, user_is_admin

# Wagtail leaves the temporary file of each new rendition for the garbage collector to close.
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")

DEMO_PASSWORD = "demo-pass-for-tests-7f3k"
ROLE_USERS = {"editor": EDITORS, "marketing": MARKETING, "reviewer": REVIEWERS}
# Small pictures keep drawing them, and their renditions when pages render, cheap.
SMALL = {"COVER_SIZE": (240, 102), "FIGURE_SIZE": (240, 128), "LOGO_SIZE": (64, 64)}


def seed(**env) -> str:
    """Run the command once with `env` added to the environment; return what it printed."""
    out = StringIO()
    with mock.patch.dict(os.environ, env), mock.patch.multiple(images, **SMALL):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def demo_pages():
    """Every article, case study and bulletin, as specific pages."""
    return [*ArticlePage.objects.all(), *CaseStudyPage.objects.all(), *BulletinPage.objects.all()]


def printed_password(output: str, prefix: str) -> str:
    """The password printed on the line that starts with `prefix` (…密码：xxx（只显示这一次…）."""
    line = next(line for line in output.splitlines() if line.startswith(prefix) and "密码：" in line)
    return line.split("密码：", 1)[1].split("（", 1)[0]


def counts() -> dict:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
    }


class SeedDemoTests(TestCase):
    """One database seeded twice (the second time must create nothing), then inspected."""

    @classmethod
    def setUpTestData(cls):
        cls.first_output = seed(DEMO_ADMIN_PASSWORD=DEMO_PASSWORD)
        cls.after_first = counts()
        cls.second_output = seed(DEMO_ADMIN_PASSWORD="a-different-password")
        cls.after_second = counts()

    def test_second_run_creates_nothing(self):
        self.assertEqual(self.after_first, self.after_second)
        self.assertIn("本次没有新建任何内容", self.second_output)
        self.assertIn("文章：新建 0", self.second_output)
        self.assertIn("管理员 admin 已存在，密码未做改动", self.second_output)
        self.assertIn("演示账号 editor、marketing、reviewer 已存在，密码未做改动", self.second_output)

    def test_first_run_reports_what_it_created(self):
        self.assertIn("栏目：新建 4，已存在 0", self.first_output)
        self.assertIn("演示账号：新建 3，已存在 0", self.first_output)
        self.assertIn("演示内容已就绪", self.first_output)

    def test_admin_user_takes_password_from_environment_and_keeps_it(self):
        admin = get_user_model().objects.get(username="admin")
        self.assertTrue(admin.is_superuser)
        self.assertTrue(admin.check_password(DEMO_PASSWORD))
        self.assertIn("DEMO_ADMIN_PASSWORD", self.first_output)
        self.assertNotIn(DEMO_PASSWORD, self.first_output)

    def test_generated_password_is_printed_once_and_works(self):
        get_user_model().objects.filter(username="admin").delete()
        with mock.patch.dict(os.environ):
            os.environ.pop("DEMO_ADMIN_PASSWORD", None)
            output = seed()
        password = printed_password(output, "已创建管理员 admin")
        self.assertGreaterEqual(len(password), 12)
        self.assertTrue(get_user_model().objects.get(username="admin").check_password(password))
        self.assertNotIn(password, seed())

    def test_role_users_are_in_their_groups_with_the_admins_password(self):
        User = get_user_model()
        self.assertIn(
            "已创建演示账号 editor、marketing、reviewer，密码取自环境变量 DEMO_ADMIN_PASSWORD",
            self.first_output,
        )
        for username, group in ROLE_USERS.items():
            user = User.objects.get(username=username)
            self.assertTrue(user.check_password(DEMO_PASSWORD), username)
            self.assertEqual(list(user.groups.values_list("name", flat=True)), [group])
            self.assertFalse(user.is_superuser or user_is_admin(user), username)
            self.assertTrue(user.has_perm("wagtailadmin.access_admin"), username)
        self.assertTrue(user_can_author(User.objects.get(username="editor"), ArticlePage))
        self.assertFalse(user_can_author(User.objects.get(username="editor"), BulletinPage))
        self.assertTrue(user_can_author(User.objects.get(username="marketing"), BulletinPage))
        self.assertFalse(user_can_author(User.objects.get(username="reviewer"), ArticlePage))

    def test_role_users_created_with_the_admin_share_its_generated_password(self):
        get_user_model().objects.filter(username__in=["admin", *ROLE_USERS]).delete()
        with mock.patch.dict(os.environ):
            os.environ.pop("DEMO_ADMIN_PASSWORD", None)
            output = seed()
        password = printed_password(output, "已创建管理员 admin")
        self.assertIn("已创建演示账号 editor、marketing、reviewer，密码与管理员 admin 相同", output)
        for username in ROLE_USERS:
            self.assertTrue(get_user_model().objects.get(username=username).check_password(password))

    def test_role_users_added_to_an_existing_admin_get_a_password_printed_once(self):
        User = get_user_model()
        User.objects.filter(username="reviewer").delete()
        editor = User.objects.get(username="editor")
        editor.groups.clear()
        with mock.patch.dict(os.environ):
            os.environ.pop("DEMO_ADMIN_PASSWORD", None)
            output = seed()
        password = printed_password(output, "已创建演示账号 reviewer")
        self.assertNotEqual(password, DEMO_PASSWORD)
        self.assertTrue(User.objects.get(username="reviewer").check_password(password))
        self.assertTrue(User.objects.get(username="admin").check_password(DEMO_PASSWORD))
        # An existing user keeps its password and is put back in its group.
        self.assertTrue(editor.check_password(DEMO_PASSWORD))
        self.assertEqual(list(editor.groups.values_list("name", flat=True)), [EDITORS])
        self.assertNotIn(password, seed())

    def test_missing_role_group_is_a_clear_error(self):
        Group.objects.filter(name=REVIEWERS).delete()
        with self.assertRaisesMessage(DemoSeedError, "找不到用户组“合规审核”"):
            demo_seed(admin_password=DEMO_PASSWORD)

    def test_four_columns_under_home(self):
        home = HomePage.objects.get()
        columns = ColumnPage.objects.child_of(home).live()
        self.assertEqual(sorted(c.column_key for c in columns), sorted(key for key, _ in COLUMN_CHOICES))
        self.assertEqual(
            {c.column_key: c.slug for c in columns},
            {"credit": "credit", "loans": "loans", "aml": "aml", "antifraud": "antifraud"},
        )
        for column in columns:
            self.assertTrue(column.intro)
            self.assertRegex(column.colour, r"^#[0-9A-Fa-f]{6}$")
            self.assertIn(column.icon, dict(ICON_CHOICES))

    def test_at_least_four_articles_per_column_each_with_several_kinds_of_block(self):
        self.assertGreaterEqual(ArticlePage.objects.live().count(), 16)
        for column in ColumnPage.objects.all():
            articles = ArticlePage.objects.child_of(column).live()
            self.assertGreaterEqual(articles.count(), 4, column.title)
            kinds = set()
            for article in articles:
                article_kinds = {block.block_type for block in article.body}
                self.assertGreaterEqual(len(article_kinds), 4, article.title)
                kinds |= article_kinds
            self.assertIn("quiz", kinds, f"{column.title} has no quiz")
        every_kind = {block.block_type for article in ArticlePage.objects.all() for block in article.body}
        self.assertTrue(
            {"paragraph", "heading", "callout", "key_points", "quiz", "hotline", "table", "image", "case_study"}
            <= every_kind
        )

    def test_block_values_resolve_to_real_things(self):
        callout_kinds = set()
        for article in ArticlePage.objects.all():
            article.body.stream_block.clean(article.body)
            for block in article.body:
                value = block.value
                if block.block_type == "quiz":
                    self.assertIn(value["answer"], CHOICE_LETTERS[: len(value["choices"])])
                    self.assertTrue(value.answer_text)
                    self.assertIn("<p>", value["explanation"].source)
                elif block.block_type == "hotline":
                    self.assertTrue(value["hotline"].number)
                elif block.block_type == "case_study":
                    self.assertIsInstance(value["case_study"].specific, CaseStudyPage)
                elif block.block_type == "image":
                    self.assertTrue(value["image"].file)
                    self.assertTrue(value["alt"])
                elif block.block_type == "table":
                    data = value["table"]["data"]
                    self.assertTrue(value["table"]["first_row_is_table_header"])
                    self.assertEqual(len({len(row) for row in data}), 1, f"ragged table in {article.title}")
                elif block.block_type == "callout":
                    callout_kinds.add(value["kind"])
                elif block.block_type == "paragraph":
                    self.assertTrue(value.source.startswith(("<p>", "<ul>", "<ol>")), article.title)
        self.assertEqual(callout_kinds, {"tip", "warning", "important"})

    def test_case_studies_have_all_five_sections_and_the_facts(self):
        cases = CaseStudyPage.objects.live()
        self.assertGreaterEqual(cases.count(), 6)
        antifraud = ColumnPage.objects.get(column_key="antifraud")
        self.assertGreaterEqual(cases.child_of(antifraud).count(), 6)
        self.assertGreaterEqual(cases.values("fraud_type").distinct().count(), 6)
        self.assertTrue(cases.exclude(pk__in=cases.child_of(antifraud)).exists())
        for case in cases:
            self.assertEqual(len(case.sections), 5, case.title)
            self.assertGreater(case.loss_amount, 0)
            self.assertTrue(case.region)
            self.assertLess(case.occurred_on, case.first_published_at.date())

    def test_bulletins_are_consecutive_weeks_with_alerts(self):
        bulletins = list(BulletinPage.objects.live().order_by("issue_number"))
        self.assertGreaterEqual(len(bulletins), 2)
        antifraud = ColumnPage.objects.get(column_key="antifraud")
        for previous, bulletin in zip(bulletins, bulletins[1:], strict=False):
            self.assertEqual(bulletin.issue_number, previous.issue_number + 1)
            self.assertEqual(bulletin.week_start - previous.week_start, datetime.timedelta(days=7))
        for bulletin in bulletins:
            self.assertEqual(bulletin.get_parent().pk, antifraud.pk)
            self.assertEqual(bulletin.week_start.weekday(), 0)
            self.assertEqual(bulletin.week_end.weekday(), 6)
            self.assertLess(bulletin.week_end, timezone.localdate())
            self.assertTrue(bulletin.lead_warning and bulletin.tip_of_week)
            alerts = list(bulletin.alerts.all())
            self.assertTrue(3 <= len(alerts) <= 5, bulletin.title)
            self.assertTrue(all(alert.fraud_type_id for alert in alerts))
            self.assertTrue(any(alert.case_study_id for alert in alerts))
            for alert in alerts:
                if alert.case_study_id:
                    self.assertEqual(alert.case_study.fraud_type_id, alert.fraud_type_id, alert.title)

    def test_metadata_fits_its_limits(self):
        for page in demo_pages():
            self.assertTrue(0 < len(page.summary) <= 120, page.title)
            self.assertLessEqual(len(page.title), 32, "WeChat titles are at most 32 characters")
            self.assertIsNotNone(page.cover_image, page.title)
        for article in ArticlePage.objects.all():
            self.assertLessEqual(len(article.author), 16)
        self.assertTrue(
            ArticlePage.objects.filter(fraud_types__in=FraudType.objects.all()).exists(),
            "some articles are tagged with fraud types",
        )

    def test_pages_are_published_revisions_spread_over_past_weeks(self):
        now = timezone.now()
        pages = demo_pages()
        for page in pages:
            self.assertTrue(page.live)
            self.assertIsNotNone(page.live_revision_id, page.title)
            self.assertFalse(page.has_unpublished_changes)
            self.assertLess(page.first_published_at, now)
        days = {page.first_published_at.date() for page in pages}
        self.assertGreaterEqual(len(days), 15)
        self.assertGreaterEqual(max(days) - min(days), datetime.timedelta(days=21))

    def test_page_tree_rules_are_respected(self):
        for page in Page.objects.filter(depth__gt=2).specific():
            parent = page.get_parent().specific
            self.assertTrue(type(page).can_exist_under(parent), page.title)
            self.assertIn(type(page), type(parent).allowed_subpage_models(), page.title)
        for bulletin in BulletinPage.objects.all():
            self.assertTrue(BulletinPage.can_create_at(bulletin.get_parent()))

    def test_images_and_brand(self):
        Image = get_image_model()
        self.assertGreaterEqual(Image.objects.count(), len(demo_pages()))
        cover = ArticlePage.objects.first().cover_image
        self.assertEqual((cover.width, cover.height), SMALL["COVER_SIZE"])
        self.assertTrue(cover.file_hash)
        brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
        self.assertEqual(brand.name, "金融常识")
        self.assertIsNotNone(brand.logo)

    def test_every_page_renders(self):
        for page in Page.objects.live().filter(depth__gte=2).specific():
            with self.subTest(page=page.url_path):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, page.title)

    def test_a_quiz_and_a_table_reach_the_reader(self):
        response = self.client.get(ArticlePage.objects.get(slug="apr-and-irr").url)
        self.assertContains(response, "约 17.3%")
        self.assertContains(response, 'data-answer="C"')

    def test_demo_pages_pass_the_compliance_checks_cleanly(self):
        """The demo is the model of what editors write: no errors, and the house spacing style."""
        for page in Page.objects.live().filter(depth__gte=2).specific():
            findings = check_page(page)
            with self.subTest(page=page.title):
                self.assertEqual(
                    [
                        (f.label, f.rule_id, f.excerpt)
                        for f in findings
                        if f.is_error or f.rule_id == "typography.spacing"
                    ],
                    [],
                )

    def test_bulletin_titles_follow_the_house_spacing_style(self):
        for bulletin in BulletinPage.objects.all():
            self.assertRegex(
                bulletin.title, rf"^防诈周报 第 {bulletin.issue_number} 期（\d\d\.\d\d–\d\d\.\d\d）$"
            )


class DemoPictureTests(TestCase):
    """The picture helpers, which the seeding service draws every image with."""

    def test_cover_is_a_jpeg_of_the_asked_size(self):
        from io import BytesIO

        from PIL import Image

        data = images.render_cover(
            headline="逾期记录保存多久？看懂“5年”规则", kicker="征信", colour="#0B5CAD", icon="report", size=(300, 128)
        )
        picture = Image.open(BytesIO(data))
        self.assertEqual((picture.format, picture.size), ("JPEG", (300, 128)))

    def test_wrap_keeps_punctuation_on_the_right_line(self):
        font = images._font(28, "Regular")
        lines = images._wrap("把犯罪所得的现金存入银行、购买资产，让“脏钱”进入金融体系", font, 290)
        self.assertTrue(all(not line.startswith(tuple(images._NO_LINE_START)) for line in lines))
        self.assertTrue(all(not line.endswith(tuple(images._NO_LINE_END)) for line in lines))
        self.assertEqual("".join(lines), "把犯罪所得的现金存入银行、购买资产，让“脏钱”进入金融体系")

    def test_paragraph_parts_become_paragraphs_unless_they_are_blocks(self):
        self.assertEqual(
            _html(("<b>APR</b> 是名义年化利率。", "<ul><li>一</li></ul>")),
            "<p><b>APR</b> 是名义年化利率。</p><ul><li>一</li></ul>",
        )
