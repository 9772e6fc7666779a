"""The platform's roles (内容编辑, 市场运营, 合规审核, 管理员) and which page types each may write.

Groups and their Django/Wagtail permissions are created by cms/migrations/0001; Wagtail's
page permissions cannot say "articles but not bulletins", so that part lives here and
the admin hooks in content/wagtail_hooks.py apply it.
"""

from wagtail.models import Page

from .page_types import page_type_key

EDITORS = "内容编辑"
MARKETING = "市场运营"
REVIEWERS = "合规审核"
ADMINS = "管理员"

# By the keys of content/page_types.py.
AUTHORED_TYPES = {
    EDITORS: {"article", "case_study"},
    MARKETING: {"bulletin"},
}


def user_is_admin(user) -> bool:
    """Superusers and members of 管理员 can do everything."""
    return bool(user.is_superuser or user.groups.filter(name=ADMINS).exists())


def user_can_author(user, page_class: type[Page]) -> bool:
    """Whether `user` may create or edit pages of `page_class`.

    >>> user_can_author(editor, ArticlePage)  # doctest: +SKIP
    True
    """
    if not user.is_authenticated:
        return False
    if user_is_admin(user):
        return True
    key = page_type_key(page_class)
    if key is None:
        return False
    group_names = set(user.groups.values_list("name", flat=True))
    return any(key in AUTHORED_TYPES.get(name, set()) for name in group_names)
