"""Key rotation: re-encrypt every stored personal value with the newest key and refresh the lookup hashes.

Run after putting a new key first in DESK_ENCRYPTION_KEYS (keep the old ones listed until it
has finished); afterwards the old keys can be removed. Rows are handled in batches by primary
key, each batch in its own transaction, so the command can be interrupted and run again.
The query codes of readers who left no phone are hashed and cannot be recomputed: changing
DESK_LOOKUP_KEY makes them stop working (phone lookups are recomputed from the decrypted phone).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from . import crypto
from .models import DeskRequest, Note, Reply

BATCH = 500
ENCRYPTED_FIELDS = {DeskRequest: ("text", "name", "phone"), Reply: ("text",), Note: ("text",)}


def _rows_total() -> int:
    return sum(model.objects.count() for model in ENCRYPTED_FIELDS)


def keys_rotate(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Re-encrypt every row with the newest key; returns how many rows were written."""
    crypto.clear_key_cache()
    total, done = _rows_total(), 0
    for model, fields in ENCRYPTED_FIELDS.items():
        last_pk = 0
        while True:
            with transaction.atomic():
                batch = list(model.objects.filter(pk__gt=last_pk).order_by("pk")[:BATCH])
                for row in batch:
                    values = {field: getattr(row, field) for field in fields}
                    if model is DeskRequest and row.phone:
                        values["phone_hash"] = crypto.lookup_hash(row.phone, purpose="phone")
                        values["phone_last4_hash"] = crypto.lookup_hash(row.phone[-4:], purpose="phone_last4")
                    model.objects.filter(pk=row.pk).update(**values)
            if not batch:
                break
            last_pk = batch[-1].pk
            done += len(batch)
            if progress:
                progress(done, total)
    return done
