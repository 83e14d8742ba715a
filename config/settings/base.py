"""Settings shared by every environment.

The environment is read here and only here; the other settings modules adjust
these values for their purpose. With no variables set the site runs on SQLite
with Wagtail's database search backend, DEBUG off.
"""

import os
from pathlib import Path

import dj_database_url

from search.conf import search_backends_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ENV = os.environ

# One BLAS thread per process (read when numpy loads, after the settings):
# the semantic half's matrix-vector product is about 2 ms on one thread, but
# with OpenBLAS's own threads, four concurrent searches in a worker spent
# 13 ms of CPU each spinning against one another on 2 cores, and search
# served half the requests per second of lexical search under load
# (bench/results/2026-12-02-vm.md). Set the variable to override.
ENV.setdefault("OPENBLAS_NUM_THREADS", "1")


def env_bool(name, default=False):
    value = ENV.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in ENV.get(name, default).split(",") if item.strip()]


SECRET_KEY = ENV.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "health_articles",
    "search",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite unless DATABASE_URL says otherwise (postgres://...).
DATABASES = {
    "default": dj_database_url.parse(
        ENV.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(ENV.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing with "database is locked"
    # when the outbox delivers from a background thread during a request.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(ENV.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(ENV.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "health-articles",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": ENV.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "search": {"level": ENV.get("SEARCH_LOG_LEVEL", "INFO"), "propagate": True},
        "elasticsearch": {"level": "ERROR"},
        "elastic_transport": {"level": "ERROR"},
    },
}

# Wagtail
WAGTAIL_SITE_NAME = ENV.get("SITE_NAME", "Health Answers")
WAGTAILADMIN_BASE_URL = ENV.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
TAGGIT_CASE_INSENSITIVE = True

# Search. ELASTICSEARCH_URL (comma-separated nodes) selects the engine; without
# it the database backend is used. search/conf.py turns these into
# WAGTAILSEARCH_BACKENDS; search/ is the only code that knows about engines.
ELASTICSEARCH_URL = ENV.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_USER = ENV.get("ELASTICSEARCH_USER", "")
ELASTICSEARCH_PASSWORD = ENV.get("ELASTICSEARCH_PASSWORD", "")
ELASTICSEARCH_CA_CERTS = ENV.get("ELASTICSEARCH_CA_CERTS", "")
SEARCH_ENGINE = ENV.get("SEARCH_ENGINE", "")  # force: elasticsearch7|8|9, opensearch2|3
SEARCH_INDEX_PREFIX = ENV.get("SEARCH_INDEX_PREFIX", "health_")
SEARCH_ENGINE_TIMEOUT = float(ENV.get("SEARCH_ENGINE_TIMEOUT", "5"))
WAGTAILSEARCH_BACKENDS = search_backends_from_env(
    url=ELASTICSEARCH_URL,
    user=ELASTICSEARCH_USER,
    password=ELASTICSEARCH_PASSWORD,
    ca_certs=ELASTICSEARCH_CA_CERTS,
    engine=SEARCH_ENGINE,
    index_prefix=SEARCH_INDEX_PREFIX,
    timeout=SEARCH_ENGINE_TIMEOUT,
)
# Index changes are delivered from the outbox at the end of each request's
# transaction; set to false to leave delivery to `search_outbox --drain` or a worker.
SEARCH_OUTBOX_DELIVER_ON_COMMIT = env_bool("SEARCH_OUTBOX_DELIVER_ON_COMMIT", True)
# Deliver in a background thread so a slow engine never slows a publish.
SEARCH_OUTBOX_DELIVER_IN_THREAD = env_bool("SEARCH_OUTBOX_DELIVER_IN_THREAD", True)
# Retry failed deliveries after requests (throttled, in a background thread).
SEARCH_OUTBOX_RETRY_AFTER_REQUESTS = env_bool(
    "SEARCH_OUTBOX_RETRY_AFTER_REQUESTS", True
)

# Search analytics are counted in memory and written every this many seconds
# by a background thread (0: every search writes at once).
SEARCH_ANALYTICS_FLUSH_SECONDS = float(ENV.get("SEARCH_ANALYTICS_FLUSH_SECONDS", "2"))

# Demo
LOAD_MEDLINEPLUS = env_bool("LOAD_MEDLINEPLUS", False)
