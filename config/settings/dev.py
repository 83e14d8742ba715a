from .base import *  # noqa: F403
from .base import ENV

DEBUG = ENV.get("DEBUG", "1").lower() in {"1", "true", "yes", "on"}
SECRET_KEY = ENV.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
