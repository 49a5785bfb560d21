"""Settings for the CCM portal, read from the environment (see README: Configuration)."""

import datetime
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

from ccm_portal.environment import env_bool, env_choice, env_int, env_list, env_origin, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Development defaults are safe to run on a laptop; production sets DEBUG=0 and
# must then supply a real secret key and host names (checked below).
DEBUG = env_bool("DEBUG", default=True)

_DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", default=_DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "With DEBUG off, SECRET_KEY must be set to a random value of 50 or more "
        "characters (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("With DEBUG off, set ALLOWED_HOSTS (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    # The read-only open-data API (opendata/, README: API): Django REST framework, its schema and docs
    # (drf-spectacular, with Swagger UI's files served from here), filters, CORS, hashed personal tokens.
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "knox",
    # Finds each app's rules.py (object-level permissions).
    "rules.apps.AutodiscoverRulesConfig",
    # Layers, top to bottom (README: Architecture; the import-linter contract in pyproject.toml).
    "opendata",
    "notifications",
    "public",
    "workspace",
    "demo",
    "decisions",
    "meetings",
    "workgroups",
    "contacts",
    "publishing",
    "core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Above the stored pages, which it must also protect.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # CORS for the API only (CORS_URLS_REGEX): above every middleware that may answer, so a preflight
    # is answered here and every answer, errors included, carries the headers; below the security headers.
    "corsheaders.middleware.CorsMiddleware",
    # ETag from the content of every page that sets none, and 304 to a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: no-cache (public or private) on every answer that says nothing of its lifetime;
    # below WhiteNoise (static files have theirs), above sessions (whose cookie makes an answer private).
    "core.cache_policy.RevalidateByDefaultMiddleware",
    # The address's language (/fr/, /es/, English without a prefix), and a first visitor whose browser
    # prefers French or Spanish redirected there; above the stored pages, which must not answer that
    # visitor with the English page (core/languages.py).
    "core.languages.LanguageFromAddressMiddleware",
    # Anonymous visitors' stored pages, before sessions and authentication (publishing/page_cache.py).
    "publishing.page_cache.ServeStoredPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (which redirects by the resolved, language-prefixed address).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the account read in the session's own query (workgroups.sessions).
    "workgroups.access.ReaderAuthenticationMiddleware",
    # Vary: Cookie everywhere, Cache-Control: private for signed-in readers.
    "publishing.page_cache.ReaderDependentHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 400, not a 500 from PostgreSQL, for a NUL byte in the path or a GET parameter; below the header middlewares.
    "core.unreadable_addresses.UnreadableAddressMiddleware",
    # Records the signed-in user on every history entry (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lockout raised during sign-in into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ccm_portal.urls"
WSGI_APPLICATION = "ccm_portal.wsgi.application"

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
                # LANGUAGE_CODE and LANGUAGES; language_links: this page in every language (core/languages.py).
                "django.template.context_processors.i18n",
                "core.languages.languages",
                # What the layout shows of a signed-in reader ("My groups"): READER_LAYOUT below.
                "publishing.page_cache.reader_layout",
            ],
        },
    },
]

# SQLite by default so the quick start needs no server; PostgreSQL for real use
# (postgres://user:password@host:5432/name). Persistent connections, because
# Django's native pool needs psycopg 3 and we use psycopg2.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
# Signed-in users land on their workspace: the groups they coordinate, their action points.
LOGIN_REDIRECT_URL = "workspace:my_groups"
LOGOUT_REDIRECT_URL = "home"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Object-level rules: "may edit this group" follows from current appointments (workgroups/rules.py).
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, but the account of a signed-in request comes with its standing (contact
    # list, posts) in the same query.
    "workgroups.access.ReaderBackend",
]
# Sessions in the database, as Django's, in a table that names each session's account, so a signed-in
# request reads its session and its reader (with their standing) in one query (workgroups/sessions.py).
SESSION_ENGINE = "workgroups.sessions"
# What the layout of every page shows of a signed-in reader, besides their name (publishing.page_cache).
READER_LAYOUT = "workgroups.access.reader_layout"
# Failed sign-ins are counted per username *and* address together, so someone
# guessing a coordinator's password from elsewhere locks out only themselves.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind N proxies, the client address is read from X-Forwarded-For (N proxy
# entries at its end); directly exposed, only REMOTE_ADDR, which clients cannot forge.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Invitation and password-reset links stay valid this long.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_DAYS", default=7) * 24 * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The intersessional meetings work in English, French and Spanish (seed decision, 2. c)).
# English pages keep their unprefixed URLs; French and Spanish live under /fr/ and /es/.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
# The catalogue of the project's templates (templates/); each app keeps its Python strings in <app>/locale/.
# ccm_portal is not an installed app: its catalogue (the admin site's title) is named here too.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "ccm_portal" / "locale"]
# Dates and numbers as each language writes them: "16 September 2011", "16 septembre 2011",
# "16 de septiembre de 2011" (ccm_portal/formats/; core/dates.py builds ranges from them).
FORMAT_MODULE_PATH = ["ccm_portal.formats"]
# The work programme meets in Geneva; meeting times are entered in Geneva time.
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Uploaded and generated files (core/stored_files.py). Only /files/public/ (PDFs of published
# versions, under names that change with their content) may be served by the web server without
# the portal; every other file is sent by a view after its access check.
MEDIA_URL = "/files/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Who sends a file once the view allowed it: "django" streams it; "nginx" answers with
# X-Accel-Redirect: /_stored/<name>, an internal location of nginx mapped to MEDIA_ROOT.
FILES_SENT_BY = env_choice("FILES_SENT_BY", ["django", "nginx"], default="django")
# Object storage (S3 or compatible) when a bucket is named, else the filesystem under MEDIA_ROOT.
# The bucket stays private: objects get no ACL, and downloads are redirects to presigned URLs
# that expire after AWS_QUERYSTRING_EXPIRE seconds (enough to start the download, too short to share).
_bucket = env_str("AWS_STORAGE_BUCKET_NAME", default="")
_default_storage = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", default="") or None,
            # Unset: boto3 looks further (its own environment variables, an instance role).
            "access_key": env_str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", default=60),
        },
    }
    if _bucket
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
# While developing, WhiteNoise serves files straight from the app folders; in
# production only what collectstatic gathered into STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        # Hashed, compressed file names in production (needs collectstatic);
        # plain files while developing and testing.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# One cache shared by every process, so the page cache is coherent however many
# workers or machines serve (publishing/page_cache.py): Redis when REDIS_URL is
# set (redis://host:6379/0), else a table in the portal's own database, which
# needs no other service (created by migrate: publishing migration 0004).
_redis_url = env_str("REDIS_URL", default="")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
    if _redis_url
    else {
        "BACKEND": "core.database_cache.PreparedDatabaseCache",
        "LOCATION": "portal_cache",  # core.database_cache.TABLE
        # The table holds a few thousand pages at most; culling clears a third when full.
        "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 3},
    }
}

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="CCM portal <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# The site's origin as readers reach it: e-mails link pages with it (README: Notifications).
# Password-reset and invitation links too: never the Host a request named (contacts/forms.py).
PORTAL_URL = env_origin("PORTAL_URL", default="http://localhost:8000")

# HTTPS and browser protections; all on by default in production.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
# The portal's own pages run no inline script and load nothing from elsewhere,
# so the policy can be strict: a script that slipped past the sanitizer would
# not run. The admin's inline style attributes lose their styling, nothing else.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background tasks (PDF rendering). "immediate" runs them in the request's
# thread after commit: no worker needed for a quick look. "database" queues them
# for `manage.py db_worker` (django-tasks-db), so requests never wait.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[env_choice("TASK_BACKEND", _TASK_BACKENDS, default="immediate")]}}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Logs go to standard output (the process manager or bin/serve collects them): readable text while
# developing, one JSON object a line with LOG_FORMAT=json (bin/serve sets it), through python-json-logger.
# Django attaches the request to error records: it shows as its method and path, never its cookies.
_LOG_FORMAT = env_choice("LOG_FORMAT", ["text", "json"], default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # In UTC (ISO 8601), as gunicorn's and nginx's lines: Django's own TIME_ZONE would differ.
            "timestamp": "time",
        },
    },
    "filters": {"refused_host_as_warning": {"()": "core.log_filters.RefusedHostAsWarning"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout" if _LOG_FORMAT == "json" else "ext://sys.stderr",
            "formatter": _LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step, django-tasks every task, at INFO.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # django-axes reports every sign-in at INFO; lockouts are WARNING.
        "axes": {"level": "WARNING"},
        # A Host not in ALLOWED_HOSTS (scanners, all day): a WARNING line, not an ERROR with a traceback.
        "django.security.DisallowedHost": {"filters": ["refused_host_as_warning"]},
    },
}

# /healthz (core/health.py) fails when a task has waited longer than this many seconds: no worker runs.
HEALTHZ_MAX_TASK_AGE = env_int("HEALTHZ_MAX_TASK_AGE", default=600)
# Load balancers probe over plain HTTP; the check answers there instead of redirecting to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# ---------------------------------------------------------------- the open-data API (opendata/, README: API)
# Read-only JSON under /api/v1/; what a client reads is what its account may read on the site.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", default=50)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", default=200)
if not 1 <= API_PAGE_SIZE <= API_MAX_PAGE_SIZE:
    raise ImproperlyConfigured("API_PAGE_SIZE must be between 1 and API_MAX_PAGE_SIZE.")


def _throttle_rate(name: str, default: str) -> str:
    """ "60/minute": a number of requests per second, minute, hour or day (DRF's rate format)."""
    value = env_str(name, default=default)
    number, _slash, period = value.partition("/")
    if (
        not number.isdigit()
        or int(number) < 1
        or period not in {"s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day"}
    ):
        raise ImproperlyConfigured(f"{name}={value!r}: write a number of requests per period, e.g. 60/minute.")
    return value


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Personal tokens (Authorization: Token <token>), made and revoked on /accounts/api-tokens/.
        "opendata.api.authentication.PersonalTokenAuthentication",
        # The signed-in reader's session, so the docs page and a browser read what the site shows them.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _throttle_rate("API_ANON_RATE", default="60/minute"),
        "user": _throttle_rate("API_USER_RATE", default="600/minute"),
    },
    # Throttling counts per client address: behind N proxies the address is read from X-Forwarded-For,
    # as for sign-in throttling (AXES_PROXY_COUNT); directly exposed, REMOTE_ADDR, which clients cannot forge.
    "NUM_PROXIES": env_int("AXES_PROXY_COUNT", default=0),
    # Pagination and filters: opendata.api.base.ApiViewSet (API_PAGE_SIZE, API_MAX_PAGE_SIZE).
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "opendata.api.base.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_VERSIONING_CLASS": None,
    # ?format=json (the only format there is; the schema's YAML or JSON) is read by our own negotiation,
    # which answers 400 to another format and, unlike DRF's URL_FORMAT_OVERRIDE, never carries the
    # parameter into the addresses an answer names (opendata.api.negotiation.FormatParameterNegotiation).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "opendata.api.negotiation.FormatParameterNegotiation",
    "URL_FORMAT_OVERRIDE": None,
    # One way to choose a format: ?format=, or the Accept header; not also ?accept=.
    "URL_ACCEPT_OVERRIDE": None,
    "COERCE_DECIMAL_TO_STRING": True,
}
# Personal API tokens: stored hashed (SHA-512), shown once; valid API_TOKEN_DAYS days unless revoked.
KNOX_TOKEN_MODEL = "opendata.ApiToken"  # noqa: S105 - a model's name
# knox's own migrations create its AuthToken table even when the model is swapped for ours: a table no
# model owns, whose key to the accounts stops a test database's flush (and is no use). Without its
# migrations, knox's swapped model gets no table at all.
MIGRATION_MODULES = {"knox": None}
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", default=365)
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=API_TOKEN_DAYS) if API_TOKEN_DAYS > 0 else None,
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": None,
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CCM portal open data API",
    "DESCRIPTION": (
        "The intersessional work programme of the Convention on Cluster Munitions as data: working groups and "
        "appointments (Popolo), meetings (Open Civic Data events) with agendas and documents, action points, "
        "publications and decisions. Read-only; anonymous clients read what the public site shows, Friends of "
        "the President and staff with a personal token (Authorization: Token ...) also read circulated drafts."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI's files from drf-spectacular-sidecar, served from this site: the CSP allows only 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to swagger.io's validator: the page fetches nothing from elsewhere.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "supportedSubmitMethods": ["get", "head"]},
    "ENUM_NAME_OVERRIDES": {},
    "COMPONENT_SPLIT_REQUEST": True,
    # <number:...> (core/url_converters.py: a whole number as printed, 7 and never 07) is an integer.
    "PATH_CONVERTER_OVERRIDES": {"number": {"type": "integer", "minimum": 0}},
}
# CORS on /api/ only: any site may read the open data from a browser, with GET, HEAD and OPTIONS, never with
# the reader's cookies (a token is sent explicitly, in the Authorization header). API_CORS_ORIGINS narrows it.
CORS_URLS_REGEX = r"^/api/.*$"
# Where an address that cannot be read is refused in JSON, not plain text (core/unreadable_addresses.py).
JSON_PATH_PREFIXES = ["/api/"]
_cors_origins = env_list("API_CORS_ORIGINS", default=["*"])
CORS_ALLOW_ALL_ORIGINS = _cors_origins == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else _cors_origins
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "Content-Language"]
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 86_400
