"""Disclosures (issue 18) in the admin: the editor-in-chief records board members' conflict-of-interest
disclosures; editors and board members read them. Nobody changes or deletes one: they are what readers were
shown; a member renews or corrects theirs by declaring again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": ["view_disclosure"],
    "Editor-in-chief": ["view_disclosure", "add_disclosure"],
    "Advisory Board": ["view_disclosure"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_board_topics_quorum_disclosures"),
        ("editorial", "0002_roles"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
