"""Fixtures of the delivery tests: the sandboxes and fake renders of the channel tests."""

from tests.publishing.channels.fixtures import *  # noqa: F403
