#!/usr/bin/env python
import os
import secrets
import sys

# Commands that read the source and write files, never sign or serve anything: they run
# without a configured secret, on a random key thrown away when they end. Everything
# else (runserver, migrate, check, shell…) still refuses to start without SECRET_KEY.
SOURCE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "spectacular"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in SOURCE_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A configuration mistake deserves one clear line, not a traceback.
        sys.exit(f"Configuration error: {exc}")


if __name__ == "__main__":
    main()
