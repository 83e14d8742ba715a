"""Seed the Synonym table with the starter list in ``search/synonyms_data.py``.

Runs only when the table is empty, so rules editors have already added or
changed are never touched. Reversing removes only the rows this seeded (those
whose notes are still "starter list").
"""

from django.db import migrations

STARTER_NOTE = "starter list"


def seed_synonyms(apps, schema_editor):
    # Static data, so importing the current module here is safe.
    from search.synonyms_data import STARTER_SYNONYMS

    Synonym = apps.get_model("search", "Synonym")
    db_alias = schema_editor.connection.alias
    if Synonym.objects.using(db_alias).exists():
        return
    Synonym.objects.using(db_alias).bulk_create(
        [
            Synonym(kind=kind, terms=", ".join(terms), notes=STARTER_NOTE)
            for kind, terms in STARTER_SYNONYMS
        ]
    )


def remove_starter_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    db_alias = schema_editor.connection.alias
    Synonym.objects.using(db_alias).filter(notes=STARTER_NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_synonyms, remove_starter_synonyms),
    ]
