"""WeChat articles render each body block with its own template (publishing/templates/wechat/blocks/)."""

from django.template.loader import get_template

import pytest

from content.blocks import BodyBlock
from content.factories import ArticlePageFactory, CaseStudyPageFactory, build_site_tree
from publishing.channels.wechat.content import BLOCK_CONTEXTS, article_build

BLOCK_TEXT = {
    "heading": "<h2",
    "paragraph": "每年可以免费查询两次",
    "image": "个人信用报告样例（示意）",
    "callout": "都是诈骗",
    "key_points": "不透露验证码",
    "quiz": "答案：B. 挂断电话，拨打 96110 核实",
    "hotline": "接到可疑电话，先打 96110 核实",
    "case_study": "相关案例：",
    "table": "年化利率（约）",
    "html": "12321 网络不良与垃圾信息举报受理中心",
}


def test_every_body_block_type_has_a_context_and_a_template():
    assert set(BLOCK_CONTEXTS) == set(BodyBlock().child_blocks) == set(BLOCK_TEXT)
    for block_type in BLOCK_CONTEXTS:
        get_template(f"wechat/blocks/{block_type}.html")


@pytest.mark.django_db
def test_each_block_reaches_the_article():
    tree = build_site_tree()
    CaseStudyPageFactory(parent=tree["antifraud"]).save_revision().publish()
    page = ArticlePageFactory(parent=tree["credit"], **{f"body__{i}": name for i, name in enumerate(BLOCK_TEXT)})
    content = article_build(page=page, page_url="https://h5.example.com/a/").content
    for block_type, text in BLOCK_TEXT.items():
        assert text in content, block_type
    assert "<script" not in content and "class=" not in content
