"""The whole API against its own OpenAPI schema, property-based (schemathesis): no 5xx, and every response,
errors included, matches the schema the docs page shows partners.

Schemathesis generates requests from the schema (valid and schema-invalid parameters, plus the documented
examples, which name the demo's article, reference and board member) and sends them in-process through
Django's WSGI application, against the demo site (``seed_demo``: a published article with an update under
review) with one withdrawn article added.

One built-in check is left out: ``positive_data_acceptance`` expects every schema-valid request to succeed,
but some refusals depend on data a static schema cannot list: audiences are edited in the admin, and cursors
are signed. Those are 400s with a JSON body, which the schema documents and this test still validates.
"""

from io import StringIO

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from articles.models import Article
from editorial import services
from editorial.models import Revision
from editorial.rules import Role, State
from tests.migration_data import restore_migration_data

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """seed_demo and a withdrawal, once for the module, rolled back at its end."""
    # Schemathesis calls the WSGI application itself, not Django's test client, which would stop Django from
    # closing the connection at the end of each request (inside this module's transaction its autocommit
    # differs from the settings', so Django closes it: on PostgreSQL that ended the transaction and every
    # later request failed with "the connection is closed"). Do what the test client does, for the module.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield from _seeded(django_db_blocker)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _seeded(django_db_blocker):
    from django.contrib.auth.models import User

    with django_db_blocker.unblock(), transaction.atomic():
        restore_migration_data()  # an earlier transactional test's flush removed the roles and audiences
        call_command("seed_demo", stdout=StringIO())
        chief = User.objects.filter(groups__name=Role.EDITOR_IN_CHIEF).first()
        published = Revision.objects.filter(state=State.APPROVED).exclude(article__slug="calciphylaxis").first()
        services.revision_withdraw(actor=chief, revision=published, comment="Contract test.")
        assert Article.objects.filter(published_revision__isnull=False, slug="calciphylaxis").exists()
        yield
        transaction.set_rollback(True)


@schema.parametrize()
@settings(max_examples=60, suppress_health_check=list(HealthCheck))
def test_every_response_matches_the_schema_and_none_is_a_server_error(case, demo_site, db):
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
    case.validate_response(response, excluded_checks=[positive_data_acceptance])


def test_the_documented_examples_name_real_published_things(demo_site, client):
    """Schemathesis sends the schema's examples first: they must reach 200s, or the 200 schemas go untested."""
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        parameters = operations["get"]["parameters"]
        examples = {p["name"]: p["schema"]["example"] for p in parameters if "example" in p.get("schema", {})}
        url = path.format(**{name: examples.pop(name) for name in list(examples) if "{" + name + "}" in path})
        response = client.get(url, examples)
        assert response.status_code == 200, (url, examples, response.content[:200])
