"""Let Wagtail's default "Editors" and "Moderators" groups choose the popular
topics (Search > Popular topics). Reversing removes only these grants."""

from django.db import migrations

EDITOR_GROUPS = ["Editors", "Moderators"]
CODENAMES = {
    "add_populartopic": "Can add popular topic",
    "change_populartopic": "Can change popular topic",
    "delete_populartopic": "Can delete popular topic",
    "view_populartopic": "Can view popular topic",
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    groups = list(Group.objects.filter(name__in=EDITOR_GROUPS))
    if not groups:
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="search", model="populartopic"
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
        ("search", "0006_articleclickdaily_populartopic"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
