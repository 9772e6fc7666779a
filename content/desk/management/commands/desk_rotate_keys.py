"""manage.py desk_rotate_keys: re-encrypt the desk's personal data with the newest key."""

from django.core.management.base import BaseCommand

from content.desk.keys import keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored personal value of the desk with the first key of DESK_ENCRYPTION_KEYS and "
        "recompute the phone lookup hashes. Put the new key first, keep the old ones listed, run this, then "
        "remove the old keys. Safe to interrupt and run again."
    )

    def handle(self, *args, **options):
        def progress(done, total):
            width = 30
            filled = round(width * done / max(total, 1))
            self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
            self.stderr.flush()

        rows = keys_rotate(progress=progress)
        self.stderr.write("")
        self.stdout.write(self.style.SUCCESS(f"已用最新密钥重新加密 {rows} 行。"))
