#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

While `make run` runs, it leaves var/run.env (its database and broker); when DATABASE_URL is
not set, this reads it, so `.venv/bin/python manage.py import_articles ...` in another terminal
works on that stack as the README shows.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _run_env() -> Path:
    return Path(os.environ.get("CLAIMDESK_VAR_DIR") or ROOT / "var") / "run.env"


def load_run_env() -> bool:
    """Take the running `make run` stack's settings for whatever the environment leaves unset."""
    path = _run_env()
    if os.environ.get("DATABASE_URL") or not path.exists():
        return False
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            os.environ.setdefault(key.strip(), value.strip())
    return True


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    if not load_run_env() and not os.environ.get("DJANGO_SECRET_KEY") and not os.environ.get("DJANGO_DEBUG"):
        sys.exit(
            "Nothing to connect to: start `make run` (in another terminal) and run this again while it\n"
            "runs, or configure a deployment: DATABASE_URL, CELERY_BROKER_URL and DJANGO_SECRET_KEY\n"
            "(README.md, Configuration)."
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
