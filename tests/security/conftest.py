"""Fixtures of the security tests: the sandboxes, fake renders and task queue of the channel tests,
and users of each role."""

from django.contrib.auth.models import Group, User

import pytest

from tests.publishing.channels.fixtures import *  # noqa: F403


@pytest.fixture
def role_user(db):
    """`role_user("marketing", "市场运营")`: a user in those groups, with a password that passes the validators."""

    def make(username: str, *groups: str) -> User:
        user = User.objects.create_user(username=username, password="Qz7-long-enough-pw")
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make
