# Loaded with Django, so that `shared_task` binds the apps' tasks to this application.
from config.celery import app as celery_app

__all__ = ("celery_app",)
