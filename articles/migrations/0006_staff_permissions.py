"""Open the reader-site admin to the staff who work in it.

Editors read and handle the reader-report inbox and see audiences, board profiles and site pages; the
editor-in-chief also edits audiences (their disclaimers), board profiles and site pages; board members
see the board's profiles. Deleting audiences and profiles stays with superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": [
        "view_readerreport",
        "change_readerreport",
        "view_audience",
        "view_boardprofile",
        "view_sitepage",
    ],
    "Editor-in-chief": [
        "view_readerreport",
        "change_readerreport",
        "view_audience",
        "add_audience",
        "change_audience",
        "view_boardprofile",
        "add_boardprofile",
        "change_boardprofile",
        "view_sitepage",
        "change_sitepage",
    ],
    "Advisory Board": ["view_boardprofile"],
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
        ("articles", "0005_perf_search_document"),
        ("editorial", "0002_roles"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
