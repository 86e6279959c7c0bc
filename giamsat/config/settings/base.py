"""Settings of Giám sát NQ57. Everything that differs between machines comes from the environment.

See README.md ("Biến môi trường / Environment variables") for the list.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
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
    "giamsat.common",
    "giamsat.accounts",
    "giamsat.agencies",
    "giamsat.directives",
    "giamsat.reporting",
    "giamsat.monitoring",
    "giamsat.portal",
    "giamsat.documents",
    "giamsat.api",
    "giamsat.benchdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "giamsat.common.cache.DataVersionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "giamsat.api.middleware.ApiConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "giamsat.common.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
    "django.contrib.auth.backends.ModelBackend",
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
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie; kept default
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-axes: throttle failed logins per username and address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True

# --- Language, time, formats -----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
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
        "rest_framework.authentication.SessionAuthentication",
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
if REDIS_URL:  # shared by the workers: API rate limits hold across processes
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
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
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
