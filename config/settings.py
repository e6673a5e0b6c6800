"""Settings for the diaspora platform, read from the environment.

Everything that differs between a laptop and production comes from an
environment variable; the defaults are a working SQLite set-up when DEBUG is
on and production-safe values when it is off.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import deployment
from config.environment import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a long random string), or DEBUG=1 for local development."
        )
    # Only with DEBUG on, refused above otherwise: not a secret.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_countries",
    "csp",
    # Only the workflow engine: the project's own templates are the UI, so viewflow's
    # frontend app (and its 49 MB of static assets) stays out.
    "viewflow.workflow",
    # The optional second factor of staff accounts (accounts/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "audit",
    "processes",
    "registry",
    "documents",
    "workflows",
    "cases",
    "missions",
    "difficulties",
    "observatory",
    # Last: the checks of how the platform is deployed (config.checks).
    "config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the request's data: NUL, broken text, JSON nested too deep.
    "config.guard.InputGuardMiddleware",
    # Above everything that may refuse (the second factor too): it records 403s and 409s.
    "audit.middleware.SecurityEventMiddleware",
    "accounts.sessions.IdleSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sends the reads of the pages listed in config.routers to the replica, if any.
    "config.routers.ReplicaMiddleware",
    # Last: turns a locked-out login into the page that says when to try again.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.roles",
            ],
        },
    },
]

# Database connections, the read replica, the shared cache, sessions and media storage:
# one machine or several (config/deployment.py, docs/deployment.md).
DATABASES = deployment.databases(BASE_DIR)
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
# The alias the pages of config.routers.REPLICA_PAGES read, when a replica is configured.
REPLICA_DATABASE = deployment.REPLICA if deployment.REPLICA in DATABASES else None
# Seconds after a write during which the writer's own reads stay on the primary.
REPLICA_READ_YOUR_WRITES_SECONDS = env_int("REPLICA_READ_YOUR_WRITES_SECONDS", 30)
CACHES = deployment.caches()
# How many app servers answer behind the load balancer: `check --deploy` then asks for
# what they must share (config.checks).
APP_SERVERS = env_int("APP_SERVERS", 1)
SESSION_ENGINE = deployment.session_engine()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses any login, even with the right password, while it is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Anonymous users never hold object permissions here.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The address of a request: REMOTE_ADDR, or the client named in X-Forwarded-For when
# the server stands behind that many trusted proxies (0: none, the header is ignored).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Guessing passwords (django-axes): after LOGIN_FAILURE_LIMIT failures for one username
# (from anywhere) or LOGIN_ADDRESS_FAILURE_LIMIT from one address (whatever the
# usernames), logins are refused, the right password too, for LOGIN_LOCKOUT_MINUTES
# counted from the last failure.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # in this order: accounts.lockout
# An address is locked out after more failures than an account: people behind one
# office's address share it, and one person's typing mistakes must not lock them all out.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_HANDLER = "accounts.lockout.AccountFirstHandler"
# An attempt while locked out neither counts nor pushes the end of the lockout back, so
# the time the page gives is the true one.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login forgets that account's own failures only
# (accounts.receivers): axes' reset would also forget every failure from the address,
# so one's own login would wipe the guesses made from there at someone else's account.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "audit.security.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False

# Idle sessions end: a session unused for SESSION_IDLE_MINUTES is over; each request
# pushes the end back (accounts.sessions.IdleSessionMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60

# API tokens (django-rest-knox): stored as a hash, valid API_TOKEN_HOURS hours.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("API_TOKEN_HOURS", 10)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Second factor (TOTP) of staff accounts: optional for each of them unless required here.
REQUIRE_2FA_FOR_STAFF = env_bool("REQUIRE_2FA_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = "Plateforme diaspora Togo"

# Internationalisation: French first, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates follow the language (config/formats/<lang>/formats.py, then Django's own).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Africa/Lome"
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": deployment.media_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded files are never served from a public URL: only views that check
# the owning object's access stream them.
MEDIA_URL = "/protected-media/"

FILE_UPLOAD_MAX_BYTES = env_int("FILE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# The public address printed on generated documents for their verification.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 12 * 1024 * 1024)

# E-mail: console by default; SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Where the file-based backend (EMAIL_BACKEND=django.core.mail.backends.filebased…) writes.
if env("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "plateforme-diaspora@diplomatie.gouv.tg")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (PDFs, mails): see docs/operations.md « Background work ».
# Without a broker the tasks run in the request's process right after its commit;
# with one (redis://…) they run on `celery -A config worker` processes.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = not CELERY_RESULT_BACKEND
# A task is acknowledged when it ends, not when it starts: a killed worker's task is
# delivered again (to a live worker, or after the visibility timeout).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest retry delay, so a task waiting for its retry is not
    # delivered a second time meanwhile.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# A broker that does not answer is tried twice, each within the connect timeout above;
# the committed work then waits for `regenerate_documents` (see docs/operations.md).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
# How often a failing task is tried again, and the longest wait between tries (seconds).
CELERY_TASK_MAX_RETRIES = env_int("CELERY_TASK_MAX_RETRIES", 5)
CELERY_TASK_RETRY_BACKOFF_MAX = env_int("CELERY_TASK_RETRY_BACKOFF_MAX", 600)
# Each delay drawn between 0 and its bound, so that tasks failing together do not retry
# together; off, the delays are exactly 1, 2, 4… seconds (the CI's worker uses that).
CELERY_TASK_RETRY_JITTER = env_bool("CELERY_TASK_RETRY_JITTER", True)

# Security: safe when DEBUG is off, relaxed for local development.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's probe speaks plain HTTP to each app server.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A refused CSRF check answers JSON under /api/, the plain page elsewhere.
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

# Content-Security-Policy (django-csp): only the site's own files run or style a page;
# no inline script, no inline style (a page that needs one gives it the request's
# nonce, `request.csp_nonce`); no plugin, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Bootstrap draws its icons (select arrows, the menu button) as data: SVG.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Permissions-Policy (django-permissions-policy): no page uses these browser features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "processes.api.conventions.NextPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "processes.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "processes.api.conventions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # JSON only; the endpoints that take a file declare multipart themselves.
    # (checked as they are read: processes/api/parsers.py)
    "DEFAULT_PARSER_CLASSES": ["processes.api.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "processes.api.parsers.ContentNegotiation",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_FILTER_BACKENDS": [],
    # Per caller (address for the anonymous, account otherwise) and, on the token
    # exchange, a stricter rate of its own: 429 with Retry-After beyond them.
    "DEFAULT_THROTTLE_CLASSES": [
        "processes.api.throttles.AnonThrottle",
        "processes.api.throttles.UserThrottle",
        "processes.api.throttles.ScopedThrottle",
    ],
}
API_THROTTLE_RATES = {
    "anon": env("API_RATE_ANON", "120/minute"),
    "user": env("API_RATE_USER", "1200/minute"),
    "auth_token": env("API_RATE_AUTH_TOKEN", "20/minute"),
}
# The public difficulties form and tracking page (difficulties.limits): per address, per
# e-mail address, and tracking lookups per address ("" counts nothing).
DIFFICULTY_RATE_PER_ADDRESS = env("DIFFICULTY_RATE_PER_ADDRESS", "10/h")
DIFFICULTY_RATE_PER_EMAIL = env("DIFFICULTY_RATE_PER_EMAIL", "5/h")
DIFFICULTY_RATE_LOOKUP = env("DIFFICULTY_RATE_LOOKUP", "60/h")
# Every POST of a report per address, valid or not: bounds invalid floods (the two
# report rates above count only the reports that pass validation).
DIFFICULTY_RATE_ATTEMPTS = env("DIFFICULTY_RATE_ATTEMPTS", "60/h")

SPECTACULAR_SETTINGS = {
    "TITLE": "Plateforme diaspora — API",
    "DESCRIPTION": (
        "RECOATEX registry, co-realisation proposals and returnee reintegration cases "
        "of the Ministry of Foreign Affairs of Togo."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Separate request and answer shapes (`ProposalRequest`, `Proposal`): an answer's
    # read-only fields are not asked of a request, so a generated client can send one.
    "COMPONENT_SPLIT_REQUEST": True,
    # Choices named `category` elsewhere too (a stored file's): each set its own name.
    "ENUM_NAME_OVERRIDES": {"DifficultyCategoryEnum": "difficulties.choices.Category"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports each rendering step at INFO: too chatty for a log.
        "weasyprint.progress": {"level": "WARNING"},
        # Each failed login is a security event already; axes' own notes are for debugging.
        "axes": {"level": "WARNING"},
        # Without a broker every request that hands work over would log its tasks'
        # success; the workers' logs keep them (and the retries) when there is one.
        **({} if CELERY_BROKER_URL else {"celery.app.trace": {"level": "WARNING"}}),
    },
}

# Registry bulk imports: the largest CSV accepted.
REGISTRY_IMPORT_MAX_BYTES = env_int("REGISTRY_IMPORT_MAX_BYTES", 5 * 1024 * 1024)

# Days a closed case keeps its returnee's identity; `manage.py anonymise_cases` then
# anonymises it, keeping what statistics need (docs/data-protection.md). 5 years.
CASE_RETENTION_DAYS = env_int("CASE_RETENTION_DAYS", 1826)
