from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
SEARCH_OUTBOX_DELIVER_IN_THREAD = False
SEARCH_ANALYTICS_FLUSH_SECONDS = 0
SEARCH_OUTBOX_RETRY_AFTER_REQUESTS = False
