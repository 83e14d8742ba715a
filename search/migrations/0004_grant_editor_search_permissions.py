"""Give Wagtail's default "Editors" and "Moderators" groups what editors need
for search: viewing search analytics and managing promoted results.

Synonyms, analytics retention and the index stay with administrators
(superusers, or a group granted those permissions in Settings > Groups).
Reversing removes only these grants.
"""

from django.db import migrations

EDITOR_GROUPS = ["Editors", "Moderators"]
GRANTS = [
    (
        "search",
        "searchquerydaily",
        "view_search_analytics",
        "Can view search analytics",
    ),
    (
        "wagtailsearchpromotions",
        "searchpromotion",
        "add_searchpromotion",
        "Can add search promotion",
    ),
    (
        "wagtailsearchpromotions",
        "searchpromotion",
        "change_searchpromotion",
        "Can change search promotion",
    ),
    (
        "wagtailsearchpromotions",
        "searchpromotion",
        "delete_searchpromotion",
        "Can delete search promotion",
    ),
]


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for app_label, model, codename, name in GRANTS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    return permissions


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    groups = list(Group.objects.filter(name__in=EDITOR_GROUPS))
    if not groups:
        return
    permissions = _permissions(apps)
    for group in groups:
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [codename for _, _, codename, _ in GRANTS]
    permissions = Permission.objects.filter(codename__in=codenames)
    for group in Group.objects.filter(name__in=EDITOR_GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_analytics_rebuild_settings"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
