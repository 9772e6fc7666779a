"""Fixtures of the desk tests: agents, an admin, and a way to file requests."""

from django.contrib.auth.models import Group

import pytest

from content.desk.models.requests import Source
from content.desk.services import request_submit


@pytest.fixture
def agent(db, django_user_model):
    user = django_user_model.objects.create_user("agent", "agent@example.com", "pw-agent-123")
    user.groups.add(Group.objects.get(name="客服专员"))
    return user


@pytest.fixture
def desk_admin(db, django_user_model):
    user = django_user_model.objects.create_user("deskadmin", "admin@example.com", "pw-admin-123")
    user.groups.add(Group.objects.get(name="管理员"))
    return user


@pytest.fixture
def file_request(db):
    def make(text="我想咨询一下贷款的年化利率怎么算。", **kwargs):
        kwargs.setdefault("kind", "consultation")
        kwargs.setdefault("channel", Source.WEB)
        return request_submit(text=text, **kwargs)

    return make
