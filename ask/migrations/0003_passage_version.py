from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("ask", "PassageVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("ask", "0002_ask_permissions")]

    operations = [
        migrations.CreateModel(
            name="PassageVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
