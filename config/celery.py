"""The Celery application: `celery -A config worker` runs the background work.

Configured from Django's settings under the `CELERY_` prefix (`CELERY_BROKER_URL`
from the environment). Without a broker nothing here is used at run time: the
tasks run in the process that made them due, right after its commit
(`processes.queue.enqueue`). The tasks themselves live in the apps' `tasks.py`
(`shared_task`), so that no app imports this module; the observatory's export task
lives beside the exports it writes (`observatory.exports.background`).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["observatory.exports"], related_name="background")
