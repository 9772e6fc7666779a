"""Fixtures of the outreach tests: the sandboxes, fake renders and task queue of the channel tests."""

from tests.publishing.channels.fixtures import *  # noqa: F403
