"""The "sources retracted" queue: the board and the editor-in-chief view retraction flags (the mirror of
``editorial.permissions.MODEL_GRANTS``; tests/editorial/test_permissions.py keeps the two equal)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Advisory Board", "Editor-in-chief"]
CODENAME = "view_retractionflag"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("editorial")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="editorial", codename=CODENAME)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="editorial", codename=CODENAME))


class Migration(migrations.Migration):
    dependencies = [("editorial", "0011_evidence_literature_and_retractions")]

    operations = [migrations.RunPython(grant, revoke)]
