"""The Celery app. Workers: `celery -A factcheck worker -l info`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
# All CELERY_* settings live in the one settings module (namespace strips the prefix).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
