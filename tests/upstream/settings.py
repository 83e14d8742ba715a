"""Django settings for django-modelsearch's own tests on our backends.

Read by tests/upstream/run.py, which sets the environment first:
``UPSTREAM_PRODUCT`` (elasticsearch | opensearch | opensearch3 | postgres),
``UPSTREAM_ENGINE_URL`` or ``UPSTREAM_DATABASE_URL``, and
``UPSTREAM_FIXTURE_DIR`` (where the rebuilt ``search`` fixture was written).

The ``default`` entry names the stock backend module the upstream tests look
for (``modelsearch.backends.elasticsearch7`` / ``.opensearch2`` /
``.opensearch3``); the runner has replaced that module's backend class with
ours before anything is built.
The test app, the library and the apps our backend module imports (Wagtail's
core, for ``Page``) are installed; nothing of the site itself.
"""

import os

SECRET_KEY = "upstream-tests-only"  # noqa: S105 - test settings
DEBUG = False
ALLOWED_HOSTS = ["localhost", "testserver"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-gb"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "modelsearch.test.testapp",
    "modelsearch",
    "taggit",
    "wagtail",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
]
MIDDLEWARE = []
ROOT_URLCONF = "modelsearch.test.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    }
]
STATIC_URL = "/static/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The upstream settings use a database cache so tests never share one.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache",
    }
}
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PRODUCT = os.environ["UPSTREAM_PRODUCT"]
if PRODUCT == "postgres":
    # Wagtail's database backend on a real PostgreSQL (tests/postgres_fixture.py).
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["UPSTREAM_DATABASE_URL"])}
    INSTALLED_APPS.append("django.contrib.postgres")
FIXTURE_DIRS = [os.environ["UPSTREAM_FIXTURE_DIR"]]
# Wagtail's tables are never used by these tests: on SQLite, create them
# without running its hundred-odd migrations (PostgreSQL checks the foreign
# keys to auth's tables, not created yet at that point: migrate there).
if PRODUCT != "postgres":
    MIGRATION_MODULES = {"wagtailcore": None}

STOCK_MODULES = {
    "elasticsearch": "modelsearch.backends.elasticsearch7",
    "opensearch": "modelsearch.backends.opensearch2",
    "opensearch3": "modelsearch.backends.opensearch3",
}
if PRODUCT == "postgres":
    # The PostgreSQL tests name their own backend entries.
    MODELSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
else:
    MODELSEARCH_BACKENDS = {
        "default": {
            "BACKEND": STOCK_MODULES[PRODUCT],
            "URLS": [os.environ["UPSTREAM_ENGINE_URL"]],
            "INDEX_PREFIX": "modelsearchtest_",
            "OPTIONS": {},
        }
    }
