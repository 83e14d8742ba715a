"""Privacy settings for search analytics (redaction patterns, the k
threshold) and the editors' block list for suggested searches, which
Wagtail's default "Editors" and "Moderators" groups may manage."""

import django.core.validators
from django.db import migrations, models

EDITOR_GROUPS = ["Editors", "Moderators"]
CODENAMES = {
    "add_blockedsuggestion": "Can add blocked suggestion",
    "change_blockedsuggestion": "Can change blocked suggestion",
    "delete_blockedsuggestion": "Can delete blocked suggestion",
    "view_blockedsuggestion": "Can view blocked suggestion",
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    groups = list(Group.objects.filter(name__in=EDITOR_GROUPS))
    if not groups:
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="search", model="blockedsuggestion"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in CODENAMES.items()
    ]
    for group in groups:
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="search", codename__in=list(CODENAMES)
    )
    for group in Group.objects.filter(name__in=EDITOR_GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_urgent_help"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="BlockedSuggestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("term", models.CharField(max_length=100, unique=True)),
                ("notes", models.CharField(blank=True, max_length=255)),
            ],
            options={
                "verbose_name": "blocked suggestion",
                "verbose_name_plural": "blocked suggestions",
                "ordering": ["term"],
            },
        ),
        migrations.AddField(
            model_name="searchanalyticssettings",
            name="min_distinct_days",
            field=models.PositiveIntegerField(
                default=3,
                help_text="A query is shown word for word in the analytics and the CSV only once it was searched on at least this many different days; rarer ones are counted together as “rare queries”. Suggestions to visitors need at least 5 days, and never fewer than this.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(365),
                ],
                verbose_name="k: distinct days before a query is shown",
            ),
        ),
        migrations.AddField(
            model_name="searchanalyticssettings",
            name="redaction_patterns",
            field=models.TextField(
                blank=True,
                help_text="Extra text to remove from queries before they are stored: one regular expression a line (case-insensitive), e.g. a patient number format “\\bMRN\\s*\\w+”. E-mail addresses, phone numbers and runs of five digits or more are always removed.",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
