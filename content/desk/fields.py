"""A text field stored encrypted (crypto.py) and handed to Python as clear text.

Django cannot look such a field up by value (each encryption is different); what must be
matched is kept beside it as a keyed hash (`crypto.lookup_hash`). An empty value is stored
as the empty string, so "nothing given" and "erased" need no decryption to see.
"""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """TextField whose database value is a Fernet token of the text."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)
