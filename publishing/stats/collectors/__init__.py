"""One collector per platform; each returns a `Collected` for one day and never invents a number."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Collected:
    """What a collector did: its status (see CollectionStatus), how many rows, and why (Chinese)."""

    status: str
    items: int = 0
    message: str = ""
