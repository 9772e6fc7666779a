"""How long a worker owns a delivery, and how far apart retries and polls are (settings override)."""

import random

from django.conf import settings

LEASE_SECONDS = 600
DEFAULT_RETRY = {"max_attempts": 6, "base_seconds": 30, "cap_seconds": 1800}
DEFAULT_POLL = {"first_seconds": 5, "cap_seconds": 120, "max_polls": 60}


def lease_seconds() -> int:
    """How long a worker owns a delivery without recording a step (DELIVERY_LEASE_SECONDS, default 600)."""
    return int(getattr(settings, "DELIVERY_LEASE_SECONDS", LEASE_SECONDS))


def retry_policy() -> dict:
    return {**DEFAULT_RETRY, **getattr(settings, "DELIVERY_RETRY", {})}


def poll_policy() -> dict:
    return {**DEFAULT_POLL, **getattr(settings, "DELIVERY_POLL", {})}


def retry_delay(attempt: int, *, rng: random.Random | None = None) -> float:
    """Seconds before retry number `attempt` (1 after the first failure): exponential, capped, with jitter.

    "Equal jitter": half the exponential delay is fixed, the other half random, so retries
    from many deliveries that failed together spread out but still back off.

    >>> 15 <= retry_delay(1) <= 30   # base 30 s
    True
    """
    policy = retry_policy()
    ceiling = min(policy["cap_seconds"], policy["base_seconds"] * 2 ** max(0, attempt - 1))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)  # noqa: S311 - jitter, not security


def poll_delay(poll_number: int) -> float:
    """Seconds before poll number `poll_number` (1-based): 5, 10, 20, 40 … capped at two minutes."""
    policy = poll_policy()
    return min(policy["cap_seconds"], policy["first_seconds"] * 2 ** max(0, poll_number - 1))
