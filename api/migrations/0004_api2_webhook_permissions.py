"""The editor-in-chief reads the webhook deliveries and their attempts, read-only (editorial.permissions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editor-in-chief": ["view_webhookdelivery", "view_webhookattempt"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("api")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="api", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*Permission.objects.filter(content_type__app_label="api", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_api2_webhooks"),
        ("editorial", "0002_roles"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
