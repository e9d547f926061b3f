"""Partner keys: issued by the editor-in-chief and shown once, stored hashed, revoked, limited and counted;
anonymous access by setting; every refusal a JSON error with the standard status code."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from api.models import PartnerKey, PartnerKeyUsage
from api.services import hash_key, partner_key_issue, partner_key_revoke
from tests.factories import PASSWORD

LIST = "/api/v1/articles/"


def error(response):
    return json.loads(response.content)["error"]


def test_the_key_is_stored_hashed_and_works_once_issued(client, staff, settings):
    settings.VETTED_API_ANONYMOUS = False
    key, raw_key = partner_key_issue(actor=staff.chief, name="Kidney app")
    assert raw_key not in json.dumps(list(PartnerKey.objects.values()), default=str)
    assert key.key_hash == hash_key(raw_key) and raw_key.startswith(key.prefix)
    assert key.history.get().history_change_reason == "Partner key issued"
    response = client.get(LIST, headers={"x-api-key": raw_key})
    assert response.status_code == 200 and "private" in response["Cache-Control"]


def test_without_anonymous_access_a_missing_or_wrong_key_is_a_json_401(client, staff, settings):
    settings.VETTED_API_ANONYMOUS = False
    key, raw_key = partner_key_issue(actor=staff.chief, name="Kidney app")
    missing = client.get(LIST)
    assert missing.status_code == 401 and error(missing)["code"] == "key_required"
    wrong = client.get(LIST, headers={"x-api-key": raw_key[:-2] + "xx"})
    assert wrong.status_code == 401 and error(wrong)["code"] == "key_invalid"
    assert client.get("/api/v1/openapi.json").status_code == 200  # the schema stays public


def test_anonymous_access_is_on_by_default(client, db, settings):
    assert settings.VETTED_API_ANONYMOUS is True
    assert client.get(LIST).status_code == 200


def test_a_revoked_key_is_refused_with_403_even_for_a_cached_answer(client, staff):
    key, raw_key = partner_key_issue(actor=staff.chief, name="Kidney app")
    assert client.get(LIST, headers={"x-api-key": raw_key}).status_code == 200  # now in the page cache
    partner_key_revoke(actor=staff.chief, key=key)
    refused = client.get(LIST, headers={"x-api-key": raw_key})
    assert refused.status_code == 403 and error(refused)["code"] == "key_revoked"
    key.refresh_from_db()
    assert key.revoked_by == staff.chief


def test_the_rate_limit_answers_429_with_retry_after_and_usage_is_counted(client, staff):
    key, raw_key = partner_key_issue(actor=staff.chief, name="Kidney app", requests_per_minute=3)
    statuses = [client.get(LIST, headers={"x-api-key": raw_key}).status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
    limited = client.get(LIST, headers={"x-api-key": raw_key})
    assert error(limited)["code"] == "rate_limited" and 0 < int(limited["Retry-After"]) <= 60
    assert PartnerKeyUsage.objects.get(key=key).requests == 3  # refused requests are not served, not counted


@pytest.mark.parametrize("who", ["author", "reviewer", "second_editor"])
def test_only_the_editor_in_chief_issues_and_revokes_keys(staff, who):
    with pytest.raises(PermissionDenied):
        partner_key_issue(actor=getattr(staff, who), name="Sneaky")
    key, _ = partner_key_issue(actor=staff.chief, name="Kidney app")
    with pytest.raises(PermissionDenied):
        partner_key_revoke(actor=getattr(staff, who), key=key)


def test_the_admin_shows_the_key_once_and_never_again(client, staff):
    client.login(username="chief", password=PASSWORD)
    response = client.post("/admin/api/partnerkey/add/", {"name": "Kidney app", "requests_per_minute": 60})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = PartnerKey.objects.get()
    raw_key = response.content.decode().split('class="partner-key">')[1].split("<")[0]
    assert hash_key(raw_key) == key.key_hash
    change = client.get(f"/admin/api/partnerkey/{key.pk}/change/").content.decode()
    listing = client.get("/admin/api/partnerkey/").content.decode()
    assert raw_key not in change and raw_key not in listing and key.prefix in listing
    client.post("/admin/api/partnerkey/", {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.is_revoked
    assert client.post(f"/admin/api/partnerkey/{key.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PartnerKey.objects.filter(pk=key.pk).exists()


def test_other_roles_cannot_open_the_partner_key_admin(client, staff):
    client.login(username="author", password=PASSWORD)
    assert client.get("/admin/api/partnerkey/").status_code == 403
    assert client.post("/admin/api/partnerkey/add/", {"name": "x", "requests_per_minute": 60}).status_code == 403
    assert not PartnerKey.objects.exists()
