"""The web server with annotation saves NOT in one transaction, so the PostgreSQL
fault test can show that its check detects a partial write. Test-only.

    python -m tests.faults.unprotected_web runserver 127.0.0.1:PORT --noreload
"""

from __future__ import annotations

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()

from django.core.management import execute_from_command_line  # noqa: E402
from django.db.models import QuerySet  # noqa: E402

from annotations import views  # noqa: E402
from annotations.api.views import claims as api_claims  # noqa: E402
from annotations.services import annotations as annotation_services  # noqa: E402

# annotation_save is decorated with @transaction.atomic; __wrapped__ is the bare function,
# so each statement of a save commits on its own. Row locks (SELECT ... FOR UPDATE) mean
# nothing outside a transaction and Django refuses them there, so they go too.
views.annotation_save = annotation_services.annotation_save.__wrapped__  # type: ignore[attr-defined]
api_claims.annotation_save = annotation_services.annotation_save.__wrapped__  # type: ignore[attr-defined]
QuerySet.select_for_update = lambda self, *args, **kwargs: self._chain()  # type: ignore[method-assign]
print("[unprotected_web] annotation saves run without a transaction", flush=True)

if __name__ == "__main__":
    execute_from_command_line(["manage.py", *sys.argv[1:]])
