"""Project-level configuration of Django's own apps."""

from __future__ import annotations

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    # viewflow ships copies of its fonts' npm packages whose stylesheets name files
    # the wheel leaves out; the manifest storage refuses to collect them, which
    # breaks `collectstatic` in production. Nothing the project serves uses them.
    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "node_modules"]
