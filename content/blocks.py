"""StreamField blocks for article, case-study and bulletin bodies, combined in `BodyBlock`."""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .choosers import case_study_chooser_viewset
from .sanitize import MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, sanitize_html

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "hr"]
CHOICE_LETTERS = "ABCDEF"
# Handsontable's right-click menu, in Chinese (its own language packs are not loaded by Wagtail).
TABLE_CONTEXT_MENU = {
    "items": {
        "row_above": {"name": "在上方插入一行"},
        "row_below": {"name": "在下方插入一行"},
        "separator_rows": "---------",
        "col_left": {"name": "在左侧插入一列"},
        "col_right": {"name": "在右侧插入一列"},
        "separator_cols": "---------",
        "remove_row": {"name": "删除所在行"},
        "remove_col": {"name": "删除所在列"},
        "separator_history": "---------",
        "undo": {"name": "撤销"},
        "redo": {"name": "重做"},
    }
}

CaseStudyChooserBlock = case_study_chooser_viewset.get_block_class(
    name="CaseStudyChooserBlock", module_path="content.blocks"
)


class HeadingBlock(blocks.StructBlock):
    """A section heading (二级或三级标题) that readers can scan."""

    text = blocks.CharBlock(label=_("标题"), max_length=60)
    level = blocks.ChoiceBlock(
        label=_("级别"),
        choices=[("h2", _("二级标题")), ("h3", _("三级标题"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("小标题")
        # What the editor's collapsed block shows (and a screen reader reads) after the block's name.
        label_format = "{text}"
        template = "blocks/heading_block.html"
        preview_value = {"text": "先弄清楚：什么是个人信用报告", "level": "h2"}
        description = _("文章中的小标题")


class ImageBlock(blocks.StructBlock):
    """An image with a caption; rendered as a responsive picture sized for phones."""

    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=120)
    alt = blocks.CharBlock(
        label=_("替代文字"),
        required=False,
        max_length=120,
        help_text=_("为读屏软件描述图片内容；留空时使用图片标题"),
    )

    class Meta:
        icon = "image"
        label = _("图片")
        label_format = "{image} {caption}"
        template = "blocks/image_block.html"
        description = _("带说明文字的图片")


class CalloutValue(blocks.StructValue):
    """Gives templates the callout's CSS modifier and default title."""

    @property
    def css_modifier(self) -> str:
        return {"tip": "tip", "warning": "warning", "important": "important"}.get(
            self.get("kind"), "tip"
        )

    @property
    def display_title(self) -> str:
        if self.get("title"):
            return self["title"]
        return str(dict(CalloutBlock.KIND_CHOICES).get(self.get("kind"), ""))


class CalloutBlock(blocks.StructBlock):
    """A boxed note: 提示 (a tip), 警示 (a warning) or 重要 (something not to miss)."""

    KIND_CHOICES = [("tip", _("提示")), ("warning", _("警示")), ("important", _("重要"))]

    kind = blocks.ChoiceBlock(label=_("类型"), choices=KIND_CHOICES, default="tip")
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=40)
    body = blocks.RichTextBlock(label=_("内容"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("提示框")
        label_format = "{kind} {title}"
        template = "blocks/callout_block.html"
        value_class = CalloutValue
        preview_value = {
            "kind": "warning",
            "title": "警示",
            "body": "<p>任何要求你先交“保证金”“解冻费”的贷款，都是诈骗。</p>",
        }
        description = _("提示、警示或重要信息框")


class KeyPointsBlock(blocks.StructBlock):
    """A short numbered list of the points a reader should remember."""

    title = blocks.CharBlock(label=_("标题"), default="要点", max_length=40)
    points = blocks.ListBlock(
        blocks.CharBlock(label=_("要点"), max_length=200), label=_("要点"), min_num=1
    )

    class Meta:
        icon = "list-ol"
        label = _("要点清单")
        label_format = "{title}：{points}"
        template = "blocks/key_points_block.html"
        preview_value = {
            "title": "记住三点",
            "points": ["不点陌生链接", "不透露验证码", "不向陌生账户转账"],
        }
        description = _("读者需要记住的几个要点")


class QuizValue(blocks.StructValue):
    """Pairs each choice with its letter and says which one is right."""

    @cached_property
    def lettered_choices(self) -> list[dict]:
        answer = self.get("answer")
        return [
            {"letter": CHOICE_LETTERS[i], "text": text, "correct": CHOICE_LETTERS[i] == answer}
            for i, text in enumerate(self.get("choices") or [])
        ]

    @property
    def answer_text(self) -> str:
        for choice in self.lettered_choices:
            if choice["correct"]:
                return choice["text"]
        return ""


class QuizBlock(blocks.StructBlock):
    """金融常识问答: a question, two to six choices, the right one and why."""

    question = blocks.CharBlock(label=_("问题"), max_length=200)
    choices = blocks.ListBlock(
        blocks.CharBlock(label=_("选项"), max_length=120),
        label=_("选项"),
        min_num=2,
        max_num=6,
        # A new quiz starts with the two options it needs at least, not with none.
        default=["", ""],
        help_text=_("按顺序依次为 A、B、C……，2 到 6 个"),
    )
    answer = blocks.ChoiceBlock(
        label=_("正确答案"),
        choices=[(c, c) for c in CHOICE_LETTERS],
        default="A",
        help_text=_("只列出已有的选项；增删选项后会跟着变化"),
    )
    explanation = blocks.RichTextBlock(label=_("解析"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("金融常识问答")
        label_format = "{question}"
        template = "blocks/quiz_block.html"
        value_class = QuizValue
        preview_value = {
            "question": "自称“客服”的人要你把钱转到“安全账户”，应该怎么做？",
            "choices": ["照做，保证资金安全", "挂断电话，拨打 96110 核实", "先转一半试试"],
            "answer": "B",
            "explanation": "<p>公检法和银行都没有所谓的“安全账户”。</p>",
        }
        description = _("带选项、答案和解析的问答题")
        # content/static/content/blocks.js offers only as many answers as there are options.
        form_classname = "quiz-block"

    def clean(self, value):
        value = super().clean(value)
        count = len(value.get("choices") or [])
        answer = value.get("answer")
        if answer and CHOICE_LETTERS.index(answer) >= count:
            raise StructBlockValidationError(
                block_errors={
                    "answer": ValidationError(
                        _("正确答案 %(answer)s 不在选项中：本题只有 %(count)s 个选项。")
                        % {"answer": answer, "count": count}
                    )
                }
            )
        return value


class HotlineBlock(blocks.StructBlock):
    """A reference to one of the hotline snippets, shown as a tap-to-call card."""

    hotline = SnippetChooserBlock("content.Hotline", label=_("热线"))
    note = blocks.CharBlock(label=_("说明"), required=False, max_length=120)

    class Meta:
        icon = "mobile-alt"
        label = _("热线")
        label_format = "{hotline} {note}"
        template = "blocks/hotline_block.html"
        description = _("可点击拨打的热线卡片")


class CaseStudyReferenceBlock(blocks.StructBlock):
    """A link card to a case study, with its fraud type and summary."""

    case_study = CaseStudyChooserBlock(label=_("案例"))
    note = blocks.CharBlock(label=_("推荐语"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        label = _("案例引用")
        label_format = "{case_study}"
        template = "blocks/case_study_reference_block.html"
        description = _("链接到一篇案例分析")

    def get_api_representation(self, value, context=None):
        """The case's id only while readers may see the case (live and public); null otherwise."""
        from .selectors import case_study_for_readers

        representation = super().get_api_representation(value, context)
        if case_study_for_readers(value.get("case_study")) is None:
            representation["case_study"] = None
        return representation


class TableBlock(blocks.StructBlock):
    """A data table (for example, a comparison of loan costs) with a caption.

    The caption is this block's own field, which the page, the poster and WeChat all show;
    the table widget's built-in caption input is hidden in the editor (content/static/
    content/blocks.css) so that editors see one caption field, and anything typed there
    before is moved into it when the block is saved.
    """

    caption = blocks.CharBlock(label=_("表格标题"), required=False, max_length=80)
    table = WagtailTableBlock(
        label=_("表格"),
        table_options={
            "startRows": 3,
            "startCols": 3,
            "colHeaders": False,
            "rowHeaders": False,
            "contextMenu": TABLE_CONTEXT_MENU,
        },
        help_text=_("在表格里点右键可以插入或删除行、列"),
    )

    class Meta:
        icon = "table"
        label = _("表格")
        label_format = "{caption}"
        template = "blocks/table_block.html"
        description = _("带标题的表格")

    def clean(self, value):
        value = super().clean(value)
        table = value.get("table") or {}
        rows = table.get("data") or []
        columns = max((len(row or []) for row in rows), default=0)
        if len(rows) > MAX_TABLE_ROWS or columns > MAX_TABLE_COLUMNS:
            raise StructBlockValidationError(block_errors={"table": ValidationError(
                _("表格最多 %(max_rows)s 行、%(max_columns)s 列，这张有 %(rows)s 行、%(columns)s 列。请删减或拆成几张表格。")
                % {"max_rows": MAX_TABLE_ROWS, "max_columns": MAX_TABLE_COLUMNS, "rows": len(rows), "columns": columns}
            )})
        widget_caption = (table.get("table_caption") or "").strip()
        if widget_caption:
            if not value.get("caption"):
                value["caption"] = widget_caption[:80]
            table["table_caption"] = ""
        return value


class SafeHTMLBlock(blocks.RawHTMLBlock):
    """HTML from outside the editor (an import, an embed code); always sanitised before display."""

    def get_prep_value(self, value):
        return sanitize_html(super().get_prep_value(value))

    def to_python(self, value):
        return mark_safe(sanitize_html(value))  # noqa: S308 - sanitised just above

    def normalize(self, value):
        return mark_safe(sanitize_html(str(value)))  # noqa: S308 - sanitised just above

    def value_from_form(self, value):
        """What the editor typed, sanitised already: the preview panel renders unsaved values
        without a save (so without `get_prep_value`), and they must not run script or reach the
        renderer with a span of a million columns."""
        return mark_safe(sanitize_html(value))  # noqa: S308 - sanitised just above

    class Meta:
        icon = "code"
        label = _("HTML 片段")
        template = "blocks/safe_html_block.html"
        description = _("外部导入的 HTML，脚本和事件属性会被清除")


class BodyBlock(blocks.StreamBlock):
    """Every block an article, case study or bulletin body can hold."""

    paragraph = blocks.RichTextBlock(
        label=_("正文"),
        features=RICH_TEXT_FEATURES + ["h2", "h3", "blockquote"],
        template="blocks/paragraph_block.html",
        icon="pilcrow",
    )
    heading = HeadingBlock()
    image = ImageBlock()
    callout = CalloutBlock()
    key_points = KeyPointsBlock()
    quiz = QuizBlock()
    hotline = HotlineBlock()
    case_study = CaseStudyReferenceBlock()
    table = TableBlock()
    html = SafeHTMLBlock()

    class Meta:
        block_counts = {}
