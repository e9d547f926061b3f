"""Create the three staff roles as Django groups with the model permissions the admin needs.

Workflow rights (who may submit, approve, ...) are not model permissions: editorial/rules.py decides
them from group membership. These permissions only open the admin pages each role works in.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_ALL = [
    "articles.view_article",
    "editorial.view_revision",
    "editorial.view_section",
    "editorial.view_transitionrecord",
    "references.view_reference",
]
WRITE_CONTENT = [
    "articles.add_article",
    "editorial.change_revision",
    "editorial.add_section",
    "editorial.change_section",
    "editorial.delete_section",
    "references.add_reference",
    "references.change_reference",
    "references.delete_reference",
]
ROLE_PERMISSIONS = {
    "Editors": VIEW_ALL + WRITE_CONTENT,
    "Advisory Board": VIEW_ALL,
    "Editor-in-chief": VIEW_ALL + WRITE_CONTENT + ["articles.change_article"],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("articles", "0002_initial"),
        ("references", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
