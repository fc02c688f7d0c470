from typing import Any

from django.core.management.base import BaseCommand

from annotations.services.splitting import articles_sweep_stuck


class Command(BaseCommand):
    help = "Re-enqueue articles stuck in pending/splitting (also runs every minute under celery beat)."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = articles_sweep_stuck()
        self.stdout.write(f"re-enqueued {len(ids)} article(s)")
