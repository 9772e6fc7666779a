"""The page types readers read, in one table: each with the short key it goes by.

The key names a page type in site-setting fields (`article_wechat`, `bulletin_douyin` …),
in the app's feed (`_jinrong.page_type`) and in its webhook (`page.type`); the order is the
order lists and settings show them in.

>>> page_type_key(CaseStudyPage)
'case_study'
"""

from .models import ArticlePage, BulletinPage, CaseStudyPage

READER_PAGE_TYPES = {ArticlePage: "article", CaseStudyPage: "case_study", BulletinPage: "bulletin"}
READER_TYPES = tuple(READER_PAGE_TYPES)


def page_type_key(model) -> str | None:
    """The key of a reader page type (a page class or a page), or None for any other page."""
    model = model if isinstance(model, type) else type(model)
    for page_type, key in READER_PAGE_TYPES.items():
        if issubclass(model, page_type):
            return key
    return None
