"""The syndication API (issue 16): approved content, read-only, under /api/v1/ (django-ninja).

The top layer beside ``editorial``: it reads through ``articles`` (the public page's selectors and its stored
rendering, so the API says exactly what the page says), ``references`` and the audit trail in ``editorial``;
nothing imports ``api`` (``tests/test_layers.py``).

- ``urls``: the ``NinjaAPI``, its routers, the docs page and the JSON error handlers.
- ``errors``: ``ApiError`` and every refusal's words.
- ``schemas``: the typed responses; each text field says whether it is plain text or sanitised HTML.
- ``articles``: the article detail and the cursor-paginated list; ``attribution``: who reviewed an article.
- ``listing``: the list's page: one query read in index order, addresses from one ``reverse``, items unvalidated.
- ``changes``: the change feed from the audit trail, with tombstones for withdrawals.
- ``library``: references and board members.
- ``cursors``: opaque, validated pagination cursors.
- ``webhooks``: signed POSTs to partners on publication, update, confirmation and withdrawal, through an outbox
  filled by the ``core.events`` listener that ``ApiConfig.ready()`` installs (``manage.py send_webhooks``).
- ``export``: every published article as JSON Lines, the detail's schema (``manage.py export_jsonl``).
"""
