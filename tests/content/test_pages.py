"""Page types of content/models/pages.py: where each may live, rendering, preview, admin creation, validation."""

import datetime

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils.translation import override

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase, WagtailTestUtils
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from content.blocks import QuizBlock
from content.factories import (
    ArticlePageFactory,
    BulletinPageFactory,
    CaseStudyPageFactory,
    FraudTypeFactory,
    HotlineFactory,
    build_site_tree,
)
from content.models import (
    ArticlePage,
    BulletinPage,
    CaseStudyPage,
    ColumnPage,
    FraudType,
    HomePage,
    Hotline,
)

ALL_BLOCKS = ["heading", "paragraph", "image", "callout", "key_points", "quiz", "hotline", "case_study", "table", "html"]


def list_block(values: list[str]) -> dict:
    """Form data of a ListBlock of simple values, for use inside `nested_form_data` (like `streamfield`)."""
    data = {str(i): {"value": value, "deleted": "", "order": str(i)} for i, value in enumerate(values)}
    data["count"] = str(len(values))
    return data


def quiz_form_value(*, choices: list[str], answer: str) -> dict:
    return {
        "question": "陌生人自称“客服”，要你把钱转到“安全账户”，应该怎么做？",
        "choices": list_block(choices),
        "answer": answer,
        "explanation": rich_text("<p>公检法和银行都没有所谓的“安全账户”。</p>"),
    }


def article_body_form_data(*, quiz_answer: str = "B") -> dict:
    """The admin form data of an article body: a heading, a paragraph, a callout and a quiz."""
    return streamfield(
        [
            ("heading", {"text": "什么是个人信用报告", "level": "h2"}),
            ("paragraph", rich_text("<p>个人信用报告记录了你的借款和还款情况。</p>")),
            (
                "callout",
                {"kind": "tip", "title": "", "body": rich_text("<p>每年可以免费查询两次。</p>")},
            ),
            ("quiz", quiz_form_value(choices=["每年一次", "每年两次"], answer=quiz_answer)),
        ]
    )


def add_url(model, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


class PagePlacementTests(WagtailPageTestCase):
    """Articles and case studies live under columns, columns under the home page, bulletins under 反诈骗."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()

    def test_allowed_subpage_types(self):
        self.assertAllowedSubpageTypes(HomePage, {ColumnPage})
        self.assertAllowedSubpageTypes(ColumnPage, {ArticlePage, CaseStudyPage, BulletinPage})
        for leaf in (ArticlePage, CaseStudyPage, BulletinPage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_allowed_parent_page_types(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(ColumnPage, {HomePage})
        for leaf in (ArticlePage, CaseStudyPage, BulletinPage):
            self.assertAllowedParentPageTypes(leaf, {ColumnPage})

    def test_each_type_can_be_created_at_its_place(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanCreateAt(HomePage, ColumnPage)
        self.assertCanCreateAt(ColumnPage, ArticlePage)
        self.assertCanCreateAt(ColumnPage, CaseStudyPage)
        self.assertCanCreateAt(ColumnPage, BulletinPage)

    def test_no_type_can_be_created_elsewhere(self):
        for model in (ColumnPage, ArticlePage, CaseStudyPage, BulletinPage):
            self.assertCanNotCreateAt(Page, model)
        for model in (ArticlePage, CaseStudyPage, BulletinPage, HomePage):
            self.assertCanNotCreateAt(HomePage, model)
        for parent in (ArticlePage, CaseStudyPage, BulletinPage):
            for model in (ColumnPage, ArticlePage, CaseStudyPage, BulletinPage):
                self.assertCanNotCreateAt(parent, model)

    def test_only_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_bulletins_only_under_the_antifraud_column(self):
        self.assertTrue(BulletinPage.can_create_at(self.tree["antifraud"]))
        for key in ("credit", "loans", "aml"):
            self.assertFalse(BulletinPage.can_create_at(self.tree[key]), key)
        self.assertFalse(BulletinPage.can_create_at(self.tree["home"]))

    def test_admin_offers_bulletins_only_under_the_antifraud_column(self):
        self.login()

        allowed = self.client.get(add_url(BulletinPage, self.tree["antifraud"]))
        refused = self.client.get(add_url(BulletinPage, self.tree["credit"]))
        choices = self.client.get(reverse("wagtailadmin_pages:add_subpage", args=[self.tree["credit"].pk]))

        self.assertEqual(allowed.status_code, 200)
        self.assertRedirects(refused, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertContains(choices, "文章")
        self.assertNotContains(choices, "防诈周报")


class RenderAndPreviewTests(WagtailPageTestCase):
    """Every page type renders for readers and previews in the admin, with every body block in use."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()
        antifraud = cls.tree["antifraud"]
        cls.case_study = CaseStudyPageFactory(parent=antifraud, body__0="key_points")
        cls.article = ArticlePageFactory(
            parent=antifraud,
            **{f"body__{i}": name for i, name in enumerate(ALL_BLOCKS)},
            body__7__case_study__case_study=cls.case_study,
        )
        cls.bulletin = BulletinPageFactory(parent=antifraud, issue_number=1, body__0="callout")
        cls.pages = [
            cls.tree["home"],
            cls.tree["credit"],
            antifraud,
            cls.article,
            cls.case_study,
            cls.bulletin,
        ]

    def test_every_page_type_renders(self):
        for page in self.pages:
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)

    def test_article_renders_every_block(self):
        response = self.client.get(self.article.url)

        self.assertContains(response, "先弄清楚：什么是个人信用报告")
        self.assertContains(response, "挂断电话，拨打 96110 核实")
        self.assertContains(response, "不透露验证码")
        self.assertContains(response, "年化利率（约）")
        self.assertContains(response, "tel:96110")
        self.assertContains(response, self.case_study.url)

    def preview_data(self, page) -> dict:
        """The edit form as the admin shows it, plus the StreamField body that only its JavaScript would send."""
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        data = querydict_from_html(html, form_id="page-edit-form").dict()
        if hasattr(page, "body"):
            body = article_body_form_data() if isinstance(page, ArticlePage) else streamfield([])
            data.update(nested_form_data({"body": body}))
        return data

    def test_every_page_type_is_previewable(self):
        user = self.create_superuser("previewer")
        for page in self.pages:
            with self.subTest(page=type(page).__name__):
                self.client.force_login(user)
                self.assertPageIsPreviewable(page, post_data=self.preview_data(page), user=user)


class ArticleAdminCreateTests(WagtailPageTestCase):
    """An editor creates an article under a column in the admin, body blocks and all."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()

    def setUp(self):
        self.login()

    def article_form_data(self, **overrides) -> dict:
        data = {
            "title": "个人信用报告怎么查",
            "slug": "how-to-check-credit-report",
            "summary": "每人每年可以免费查询两次个人信用报告。",
            "author": "消保团队",
            "body": article_body_form_data(),
            "comments": inline_formset([]),
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_create_and_publish_article_under_a_column(self):
        credit = self.tree["credit"]
        fraud_type = FraudType.objects.get(slug="fake-credit-repair")
        data = self.article_form_data()
        data["fraud_types"] = [str(fraud_type.pk)]

        self.assertCanCreate(credit, ArticlePage, data)

        article = ArticlePage.objects.get(slug="how-to-check-credit-report")
        self.assertTrue(article.live)
        self.assertEqual(article.get_parent().pk, credit.pk)
        self.assertEqual([block.block_type for block in article.body], ["heading", "paragraph", "callout", "quiz"])
        quiz = article.body[3].value
        self.assertEqual(quiz.answer_text, "每年两次")
        self.assertEqual(list(article.fraud_types.all()), [fraud_type])

    def test_quiz_answer_beyond_the_choices_is_refused(self):
        data = self.article_form_data(body=article_body_form_data(quiz_answer="D"))

        response = self.client.post(add_url(ArticlePage, self.tree["credit"]), data)

        self.assertEqual(response.status_code, 200)
        self.assertIn("body", response.context["form"].errors)
        self.assertFalse(ArticlePage.objects.filter(slug="how-to-check-credit-report").exists())


class BulletinValidationTests(WagtailTestUtils, TestCase):
    """Issue numbers are unique and follow the dates; a bulletin covers at most one week."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()
        cls.issue_10 = BulletinPageFactory(
            parent=cls.tree["antifraud"],
            issue_number=10,
            week_start=datetime.date(2025, 3, 3),
            week_end=datetime.date(2025, 3, 9),
        )

    def bulletin(self, **fields) -> BulletinPage:
        values = {
            "title": "防范电信网络诈骗周报",
            "slug": "bulletin-new",
            "issue_number": 11,
            "week_start": datetime.date(2025, 3, 10),
            "week_end": datetime.date(2025, 3, 16),
            "lead_warning": "警惕冒充客服的退款诈骗。",
            "tip_of_week": "不要开启陌生人要求的屏幕共享。",
        }
        values.update(fields)
        return BulletinPage(**values)

    def clean_errors(self, page: BulletinPage) -> dict[str, list[str]]:
        with override("zh-hans"), self.assertRaises(ValidationError) as caught:
            page.clean()
        return caught.exception.message_dict

    def test_next_issue_is_valid(self):
        self.bulletin().clean()

    def test_week_end_before_week_start(self):
        errors = self.clean_errors(self.bulletin(week_end=datetime.date(2025, 3, 9)))

        self.assertEqual(errors["week_end"], ["本周结束日期不能早于开始日期。"])

    def test_more_than_a_week(self):
        errors = self.clean_errors(self.bulletin(week_end=datetime.date(2025, 3, 17)))

        self.assertEqual(errors["week_end"], ["一期周报最多覆盖 7 天。"])

    def test_smaller_issue_number_with_a_later_date(self):
        errors = self.clean_errors(self.bulletin(issue_number=9))

        self.assertEqual(
            errors["issue_number"],
            ["期号与日期顺序不一致：第 10 期的开始日期是 2025-03-03。期号越大，日期应越晚。"],
        )

    def test_larger_issue_number_with_an_earlier_date(self):
        errors = self.clean_errors(
            self.bulletin(week_start=datetime.date(2025, 2, 24), week_end=datetime.date(2025, 3, 2))
        )

        self.assertIn("第 10 期", errors["issue_number"][0])

    def test_duplicate_issue_number_is_refused_in_chinese(self):
        page = self.bulletin(issue_number=10, week_start=datetime.date(2025, 3, 3))

        with override("zh-hans"), self.assertRaises(ValidationError) as caught:
            page.validate_unique()

        self.assertEqual(caught.exception.message_dict["issue_number"], ["具有 期号 的 防诈周报 已存在。"])

    def test_admin_shows_the_duplicate_issue_number_error(self):
        self.login()
        fraud_type = FraudType.objects.get(slug="fake-customer-service")
        data = nested_form_data(
            {
                "title": "防范电信网络诈骗周报 第10期",
                "slug": "bulletin-duplicate",
                "issue_number": "10",
                "week_start": "2025-03-03",
                "week_end": "2025-03-09",
                "summary": "",
                "lead_warning": "警惕冒充客服的退款诈骗。",
                "tip_of_week": "不要开启陌生人要求的屏幕共享。",
                "alerts": inline_formset(
                    [{"fraud_type": str(fraud_type.pk), "title": "“退款”电话是陷阱", "body": "挂断后到官方 App 核实。"}],
                    min=1,
                    max=10,
                ),
                "body": streamfield([]),
                "comments": inline_formset([]),
            }
        )

        response = self.client.post(add_url(BulletinPage, self.tree["antifraud"]), data)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["issue_number"], ["具有 期号 的 防诈周报 已存在。"])
        self.assertContains(response, "具有 期号 的 防诈周报 已存在。")
        self.assertEqual(BulletinPage.objects.count(), 1)


class QuizBlockTests(SimpleTestCase):
    """QuizBlock's answer must be one of its choices, with a Chinese message when it is not."""

    def quiz_value(self, *, choices: list[str], answer: str):
        block = QuizBlock()
        return block, block.to_python(
            {"question": "哪个是全国反诈专线？", "choices": choices, "answer": answer, "explanation": "<p>96110。</p>"}
        )

    def test_answer_letter_beyond_the_choices_is_refused(self):
        block, value = self.quiz_value(choices=["96110", "12345"], answer="C")

        with override("zh-hans"), self.assertRaises(StructBlockValidationError) as caught:
            block.clean(value)

        message = caught.exception.block_errors["answer"].messages[0]
        self.assertEqual(message, "正确答案 C 不在选项中：本题只有 2 个选项。")

    def test_answer_among_the_choices_is_accepted(self):
        block, value = self.quiz_value(choices=["96110", "12345", "10086"], answer="A")

        cleaned = block.clean(value)

        self.assertEqual(cleaned.answer_text, "96110")
        self.assertEqual([choice["correct"] for choice in cleaned.lettered_choices], [True, False, False])


class SnippetFactoryTests(TestCase):
    """The snippet factories make valid snippets, and the seeded reference data is there."""

    def test_factories_make_valid_snippets(self):
        FraudTypeFactory().full_clean()
        HotlineFactory().full_clean()

    def test_reference_data_is_seeded(self):
        self.assertEqual(FraudType.objects.count(), 10)
        self.assertEqual(
            set(Hotline.objects.values_list("number", flat=True)),
            {"96110", "12378", "12363", "400-820-0000"},
        )
