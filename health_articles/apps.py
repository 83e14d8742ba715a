from django.apps import AppConfig


class HealthArticlesConfig(AppConfig):
    name = "health_articles"
    verbose_name = "Health articles"
    default_auto_field = "django.db.models.BigAutoField"
