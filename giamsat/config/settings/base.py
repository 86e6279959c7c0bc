"""Settings of Giám sát NQ57. Everything that differs between machines comes from the environment.

See README.md ("Biến môi trường / Environment variables") for the list.
"""

from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str, secret_key

PACKAGE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("GIAMSAT_VAR_DIR") or BASE_DIR / "var")

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
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
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "giamsat.config.apps.AxesConfig",  # django-axes, named in Vietnamese in the admin (config/apps.py)
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "django_otp",  # two-factor authentication (accounts/two_factor.py), before accounts: its admin hides theirs
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "giamsat.common",
    "giamsat.accounts",
    "giamsat.notifications",
    "django_tasks_db",  # the queue of Django's tasks framework, in the database (docs/decisions/0014)
    "giamsat.jobs",  # after it: its admin replaces the queue's (English, and the jobs say more)
    "giamsat.agencies",
    "giamsat.directives",
    "giamsat.reporting",
    "giamsat.indicators",
    "giamsat.explanations",
    "giamsat.monitoring",
    "giamsat.portal",
    "giamsat.documents",
    "giamsat.api",
    "giamsat.benchdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",  # SECURE_CSP below
    "giamsat.common.cache.DataVersionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "giamsat.api.middleware.ApiConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "giamsat.common.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "giamsat.accounts.audit.AuditRequestMiddleware",  # who acted, for the audit trail's receivers
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): a second factor passed in this session
    "giamsat.accounts.two_factor.SecondFactorMiddleware",  # a session that owes it goes to the code or enrolment
    "django.contrib.messages.middleware.MessageMiddleware",
    "giamsat.accounts.middleware.IdleSessionMiddleware",  # SESSION_IDLE_MINUTES below
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "giamsat.config.urls"
WSGI_APPLICATION = "giamsat.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "giamsat.common.context_processors.site",
                "giamsat.config.context_processors.permissions",
                "giamsat.notifications.context_processors.bell",
            ],
            "builtins": ["django.templatetags.i18n", "giamsat.common.templatetags.giamsat"],
        },
    }
]

# Forms render through the templates above, so giamsat/templates/django/forms/ (each field's errors beside it,
# linked by aria-describedby) comes before Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database: DATABASE_URL, default a SQLite file under var/ -------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'giamsat.sqlite3'}"
if DATABASE_URL.startswith("sqlite:///"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_SERVER_SIDE_BINDING", True):
    # Parameters bound by the server: psycopg prepares a statement run five times on a connection and
    # PostgreSQL plans it once, instead of planning every query anew (1-2.5 ms for a task with its joins,
    # more than running it: docs/performance.md). Off (0) behind a pooler in transaction mode.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool("DB_JIT", False):
    # PostgreSQL's JIT compiles the overview's aggregates over 70,000 tasks at every request: 150 ms of emitting
    # code for a 170 ms query (EXPLAIN ANALYZE, docs/performance.md). Off for this application's connections
    # (DB_JIT=1 turns it back on); reports and analyses run elsewhere keep the server's setting.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "giamsat.accounts.backends.AccountBackend",  # Django's ModelBackend, refusing accounts unused too long
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day
# A session unused this long is ended (Nghị định 85/2016/NĐ-CP, TCVN 11930:2017): accounts/middleware.py.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 15)
# Accounts unused this long cannot sign in and are disabled by `giamsat disable_inactive_accounts` (nightly).
ACCOUNT_INACTIVE_DAYS = env_int("ACCOUNT_INACTIVE_DAYS", 45)
# The audit trail (accounts/audit.py) is kept this long, at least 366 days, then `giamsat audit_purge` deletes it.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 400)
# The client's address (giamsat/common/client_ip.py): 0 ignores X-Forwarded-For; 1 behind one nginx of ours.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, got {TRUSTED_PROXY_COUNT}.")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie; kept default
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every response (issue 16): everything comes from this application, no inline script,
# style or event handler in any template (tests/security/test_headers.py scans them). Our own pages may frame our
# own pages: the evidence preview (reporting.views.evidence_view, which sends its own sandboxed policy).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
}
if env_bool("HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Plain HTTP is redirected to HTTPS, and browsers are told to use only HTTPS for a year (HSTS).
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading is the domain owner's decision (hstspreload.org, for the whole registrable domain), not the
    # application's: off unless asked for, and Django's reminder about it (security.W021) silenced meanwhile.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# django-axes: failed logins lock the account after AXES_FAILURE_LIMIT from anywhere, and the client's address after
# LOGIN_FAILURES_PER_ADDRESS across any accounts (password spraying), each for AXES_COOLOFF_MINUTES; an account
# is not locked out of an address it signed in from within LOGIN_KNOWN_ADDRESS_DAYS (accounts/lockout.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_KNOWN_ADDRESS_DAYS = env_int("LOGIN_KNOWN_ADDRESS_DAYS", 45)
AXES_HANDLER = "giamsat.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "giamsat.common.client_ip.client_ip"
# What a successful sign-in clears: this account's failures from this address (the limits: LockoutHandler).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["otp_token"]  # a wrong second-factor code is a failed sign-in; never stored as typed

# Two-factor authentication (django-otp: an authenticator app and one-time recovery codes; accounts/two_factor.py,
# docs/security.md). These roles must use it (accounts.policy.must_use_two_factor); everyone else may turn it on.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", "standing_office,administrator,leader,inspector")
OTP_TOTP_ISSUER = "Giám sát NQ57"  # the account's name in the authenticator app
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Language, time, formats -----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
# The second: Vietnamese for Django REST framework's validation messages (its own catalog has few), kept out of a
# directory named `locale` so that `makemessages` leaves giamsat/api's strings in the project's catalog.
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "api" / "drf_locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["giamsat.formats"]

# --- Static files and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/swagger-ui", BASE_DIR / "node_modules" / "swagger-ui-dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Hostile files (docs/security.md): an upload is refused while it streams in (giamsat.common.uploads), a .docx or
# .xlsx before any parser inflates it (giamsat.common.archives), a bulk Excel file past its rows.
UPLOAD_MAX_FILE_SIZE = 20 * 1024 * 1024  # one file: the largest any form takes (evidence, directive, Excel)
UPLOAD_MAX_REQUEST_SIZE = UPLOAD_MAX_FILE_SIZE + 5 * 1024 * 1024  # a multipart body: the file and the fields
FILE_UPLOAD_HANDLERS = [
    "giamsat.common.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
ARCHIVE_MAX_TOTAL_SIZE = 50 * 1024 * 1024  # a .docx/.xlsx, all its parts inflated
ARCHIVE_MAX_MEMBER_SIZE = 25 * 1024 * 1024  # one part inflated
ARCHIVE_MAX_RATIO = 100  # inflated / compressed, for parts over 1 MB
ARCHIVE_MAX_MEMBERS = 1000
BULK_UPLOAD_MAX_ROWS = 5000
BULK_UPLOAD_MAX_INFLATED_SIZE = 10 * 1024 * 1024  # a bulk Excel file inflated (500 tasks, long texts: < 2 MB)

STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local").lower()
if STORAGE_BACKEND == "local":
    default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    bucket = env_str("S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 requires S3_BUCKET.")
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY") or None,
            "secret_key": env_str("S3_SECRET_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be 'local' or 's3', got {STORAGE_BACKEND!r}.")
STORAGES = {
    "default": default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Django REST framework (the API comes in a later issue) ----------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "giamsat.api.authentication.ApiTokenAuthentication",
        "giamsat.api.authentication.VerifiedSessionAuthentication",  # the session, once past its second factor
    ],
    "DEFAULT_PERMISSION_CLASSES": ["giamsat.api.permissions.ScopePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["giamsat.api.throttling.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api": None,  # per token: its own rate (ApiToken.rate_per_minute)
        "api_user": env_str("API_RATE_USER", "600/min"),
        "api_anon": env_str("API_RATE_ANON", "60/min"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "giamsat.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# The OpenAPI schema (/api/schema/) and its documentation (/api/docs/): for signed-in people and tokens only,
# unless API_DOCS_PUBLIC=1 (giamsat/api/docs.py).
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)
SPECTACULAR_SETTINGS = {
    "TITLE": "Giám sát NQ57 — API",
    "DESCRIPTION": (
        "API v1 của hệ thống giám sát, đánh giá việc thực hiện Nghị quyết 57-NQ/TW (tỉnh Thái Nguyên): "
        "danh mục cơ quan, văn bản chỉ đạo, nhiệm vụ và trạng thái, báo cáo tiến độ kèm minh chứng, "
        "thẩm định, cảnh báo, số liệu tổng quan và dữ liệu mở. Xác thực bằng mã truy cập "
        "(Authorization: Bearer gs57_…) do quản trị hệ thống cấp, hoặc phiên đăng nhập. "
        "Lỗi trả về JSON {code, message, errors}."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": STATIC_URL.rstrip("/") + "/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL.rstrip("/") + "/vendor/swagger-ui/favicon-32x32.png",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "persistAuthorization": False},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "giamsat.api.schema.describe_path_ids",
    ],
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "giamsat.monitoring.choices.TaskStatus",
        "ReportStatusEnum": "giamsat.reporting.choices.ReportStatus",
    },
}
REDIS_URL = env_str("REDIS_URL")
# Figures and page parts are cached under the data version of *this* database: two databases sharing one
# Redis (a staging copy, the benchmark's two scales) must not read each other's entries.
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX") or str(DATABASES["default"]["NAME"])
# "throttle" holds the API rate-limit counters and only counts (it never decides who sees what). Every process
# must see the same counts: Redis when configured, else a table of the database (common.ThrottleCacheEntry),
# never a cache per process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "common_throttle_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},  # beyond it Django deletes counters: far above the callers of a minute
    },
}
if REDIS_URL:  # shared by the workers: API rate limits hold across processes
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
    }
    # Sessions stay in the database (they survive a Redis restart) and are read from Redis: no session
    # query on each request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Domain settings -------------------------------------------------------------------------------
# Monthly reports are due on this day of the month unless a reporting period says otherwise.
REPORTING_DUE_DAY = env_int("REPORTING_DUE_DAY", 20)
# Early warnings: due within N days with progress below P%; returned reports not resubmitted within N days.
WARNING_DUE_SOON_DAYS = env_int("WARNING_DUE_SOON_DAYS", 15)
WARNING_LOW_PROGRESS = env_int("WARNING_LOW_PROGRESS", 70)
WARNING_RETURNED_DAYS = env_int("WARNING_RETURNED_DAYS", 7)
# Reminders: officers hear about unreported tasks this many days before the due day.
REMINDER_DAYS_BEFORE_DUE = env_int("REMINDER_DAYS_BEFORE_DUE", 5)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "giamsat-nq57@localhost")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# --- Background work (giamsat/jobs, docs/decisions/0014) ---------------------------------------------
# Django's tasks framework with the database as the queue: queued work survives a restart of anything.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running job whose worker has not been heard of for this long is run again (a worker on this host that has
# died is noticed at once); after JOB_MAX_ATTEMPTS interrupted runs it fails instead.
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 120)
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 15)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3)
# Finished jobs, their files and the queue's records are deleted this many days after they finish (nightly).
JOB_KEEP_DAYS = env_int("JOB_KEEP_DAYS", 30)
# Times of the scheduled work (hh:mm, Asia/Ho_Chi_Minh); the monthly report draft on this day of the month.
DIGEST_AT = env_str("DIGEST_AT", "07:00")
NIGHTLY_AT = env_str("NIGHTLY_AT", "00:30")
MONTHLY_DRAFT_DAY = env_int("MONTHLY_DRAFT_DAY", 21)
MONTHLY_DRAFT_AT = env_str("MONTHLY_DRAFT_AT", "06:00")
# The address people open the application at, printed before the links of e-mails ("https://giamsat.thainguyen.gov.vn").
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Notifications: "a deadline within N days".
NOTIFY_DEADLINE_DAYS = env_int("NOTIFY_DEADLINE_DAYS", 7)
# Channels that reach a person at once besides e-mail (SMS, Zalo): comma-separated dotted paths of
# giamsat.notifications.channels.Channel subclasses written for the deployment's gateway. None ships with the
# application (empty: e-mail only).
NOTIFICATION_EXTRA_CHANNELS = env_list("NOTIFICATION_EXTRA_CHANNELS", "")
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Indicators (issue 18): an indicator behind its trajectory by at most this share of the way from its baseline to
# its target is orange, by more red (indicators/colour.py).
INDICATOR_ORANGE_MARGIN = Decimal(env_str("INDICATOR_ORANGE_MARGIN", "0.10"))
# A request for explanation is answered within this many days unless the asker sets another deadline.
EXPLANATION_ANSWER_DAYS = env_int("EXPLANATION_ANSWER_DAYS", 10)
