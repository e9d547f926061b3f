"""Stored passages become what the answer page quotes (ask.passages.quotable_html): the article page's
citation ids are dropped once, when written, instead of on every question. Removing an attribute from
sanitised HTML leaves it sanitised; passages written from now on are cut that way."""

import re

from django.db import migrations

CITE_ID_RE = re.compile(r' id="cite-[0-9-]+"')


def drop_citation_ids(apps, schema_editor):
    Passage = apps.get_model("ask", "Passage")
    changed = []
    for passage in Passage.objects.filter(html__contains=' id="cite-').only("pk", "html").iterator(chunk_size=2000):
        passage.html = CITE_ID_RE.sub("", passage.html)
        changed.append(passage)
        if len(changed) >= 2000:
            Passage.objects.bulk_update(changed, ["html"])
            changed = []
    Passage.objects.bulk_update(changed, ["html"])


class Migration(migrations.Migration):
    dependencies = [("ask", "0003_passage_version")]

    operations = [migrations.RunPython(drop_citation_ids, migrations.RunPython.noop)]
