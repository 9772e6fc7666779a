"""File storage whose private files get names nobody can guess.

Only images are public files (Wagtail's originals and renditions, under the prefixes in
`settings.PUBLIC_MEDIA_PREFIXES`); everything else in media (documents, renders, 视频号
publish kits) is served by a view that checks who may have it, never straight from
`/media/`. Should a web server or a bucket still expose the folder, the name of every
private file holds a random folder of 128 bits, `documents/Xb3…Qw/年报.pdf`, so that
knowing the original name, the page or the content is not enough to fetch it. The file's
own name is kept (Wagtail shows and serves documents under it).

The random part is added in `get_available_name`, which every save goes through (a model's
FileField and a plain `default_storage.save` alike), so a mixin over any Django storage
class does it; `MediaStorage` is the one for files on local disk.
"""

import posixpath
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage

RANDOM_BYTES = 16  # 22 characters of URL-safe base64: 128 bits


def is_public_media(name: str) -> bool:
    """Whether the stored file `name` may be served to anyone (an image or a rendition)."""
    name = posixpath.normpath(name.replace("\\", "/")).lstrip("/")
    if name.startswith("..") or "/../" in f"/{name}/":
        return False
    prefixes = tuple(getattr(settings, "PUBLIC_MEDIA_PREFIXES", ()))
    return bool(prefixes) and name.startswith(prefixes)


def unguessable_name(name: str) -> str:
    """`name` with a random folder put before its file name (public images are left alone).

    >>> unguessable_name("documents/report.pdf")  # doctest: +SKIP
    'documents/Xb3kP0c9W5mQ1sT7uYz2Qw/report.pdf'
    """
    if is_public_media(name):
        return name
    directory, filename = posixpath.split(name)
    return posixpath.join(directory, secrets.token_urlsafe(RANDOM_BYTES), filename)


class UnguessableNamesMixin:
    """A storage mixin: every private file is saved under a random folder (see the module docs)."""

    def get_available_name(self, name, max_length=None):
        return super().get_available_name(unguessable_name(name), max_length=max_length)


class MediaStorage(UnguessableNamesMixin, FileSystemStorage):
    """MEDIA_ROOT on local disk, with unguessable names for everything but images."""
