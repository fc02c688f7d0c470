from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from annotations.models import Role
from annotations.services.articles import ImportRequest, import_run
from annotations.services.projects import membership_set, project_get_or_create


class Command(BaseCommand):
    help = "Create the demo project and login and import the sample article (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="demo")
        parser.add_argument(
            "--credentials-file", type=Path, default=Path(settings.BASE_DIR) / "var" / "demo-login.txt"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()  # noqa: N806 - Django's convention
        username = options["username"]
        creds: Path = options["credentials_file"]
        user = User.objects.filter(username=username).first()
        if user is None or not creds.exists():
            # A fresh random password per machine: a demo login must not be guessable.
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_user(
                    username=username, password=password, is_staff=True, is_superuser=True
                )
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            creds.parent.mkdir(parents=True, exist_ok=True)
            creds.write_text(f"{username}\n{password}\n", encoding="utf-8")
            creds.chmod(0o600)
        project, _ = project_get_or_create(slug="demo", owner=user, name="Demo desk")
        membership_set(project=project, user=user, role=Role.OWNER, by=None)
        seed: Path = settings.SEED_ARTICLE
        if seed.is_file():
            outcome = import_run(
                project=project, user=user, request=ImportRequest(paths=[seed], outlet_default="Sample wire")
            )
            done = f"{len(outcome.created)} article(s) queued, {len(outcome.duplicates)} already there"
        else:
            done = f"no sample article at {seed} (set CLAIMDESK_SEED_ARTICLE); paste or import your own"
        username, password = creds.read_text(encoding="utf-8").split()[:2]
        self.stdout.write(f"demo project 'demo': {done}\nlogin: {username} / {password}")
