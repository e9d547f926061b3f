"""SQLite only: the FTS5 index of the search documents' folded text, and the triggers that keep it (issue 19).

The triggers fold with ``vetted_fold``, the SQL function ``articles.search.fts`` registers on every SQLite
connection Django opens (the app's ``ready``), so the backfill below folds exactly as later writes will. On
PostgreSQL this does nothing: its documents carry a GIN-indexed ``tsvector``.
"""

from django.db import migrations

TABLE = "articles_searchdocument"
FTS = "articles_searchdocument_fts"
FOLDED = (
    "vetted_fold({row}.title || char(10) || {row}.also_called || char(10) || {row}.search_text"
    " || char(10) || {row}.plain_text)"
)
# rowid is the document's article_id (its primary key). Words never hold a newline, so a match never spans
# two fields. The index keeps its own copy of the folded text: short words are tested against it.
CREATE = [
    # Search's published check reads these two columns for every match; in the table, revision_id comes after
    # the long texts (overflow pages), so a covering index makes the check an index read.
    f"CREATE INDEX {TABLE}_published ON {TABLE} (revision_id, article_id)",
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(folded, tokenize = 'trigram')",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS} (rowid, folded) VALUES (new.article_id, {FOLDED.format(row="new")});
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        DELETE FROM {FTS} WHERE rowid = old.article_id;
        INSERT INTO {FTS} (rowid, folded) VALUES (new.article_id, {FOLDED.format(row="new")});
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        DELETE FROM {FTS} WHERE rowid = old.article_id;
    END""",
    f"INSERT INTO {FTS} (rowid, folded) SELECT article_id, {FOLDED.format(row=TABLE)} FROM {TABLE}",  # noqa: S608
]
DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TABLE IF EXISTS {FTS}",
    f"DROP INDEX IF EXISTS {TABLE}_published",
]


def on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_edge_purge_outbox")]

    operations = [migrations.RunPython(on_sqlite(CREATE), on_sqlite(DROP), elidable=False)]
