"""The editor-in-chief reads the task worker's queue and the CDN purge outbox (editorial.permissions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    ("django_tasks_database", "view_dbtaskresult"),
    ("articles", "view_purgerequest"),
}


def grant(apps, schema_editor):
    for app_label in {app_label for app_label, _ in GRANTS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editor-in-chief")
    for app_label, codename in GRANTS:
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editor-in-chief"):
        for app_label, codename in GRANTS:
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0009_edge_notification_backoff"),
        ("articles", "0012_edge_purge_outbox"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
