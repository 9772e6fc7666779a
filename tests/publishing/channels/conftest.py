"""Fixtures of the channel tests (defined in fixtures.py, shared with the delivery tests)."""

from .fixtures import *  # noqa: F403
