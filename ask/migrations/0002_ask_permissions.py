"""The groups' admin permissions for the question box, mirroring editorial.permissions.MODEL_GRANTS."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DESK = ["view_wording", "add_wording", "change_wording", "view_question", "change_question"]
GRANTS = {"Editors": DESK, "Editor-in-chief": DESK, "Advisory Board": ["view_wording"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("ask")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="ask", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*Permission.objects.filter(content_type__app_label="ask", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("ask", "0001_ask_box"),
        ("editorial", "0002_roles"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
