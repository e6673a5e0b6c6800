"""The site's settings as the benchmark serves them.

Everything of `config.settings` (read from the environment as in production), with
two differences: the URLconf adds the trivial page every figure is compared with
(`bench.urls`), and the cookies are not marked Secure because the load is sent
over plain HTTP on the loopback interface.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
