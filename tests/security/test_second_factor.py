"""The optional second factor: with VETTED_REQUIRE_OTP on, accounts that can publish need a one-time code."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.otp import SECOND_FACTOR_REQUIRED_MESSAGE
from tests.factories import PASSWORD


@pytest.fixture
def otp_on(settings):
    settings.VETTED_REQUIRE_OTP = True


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def login(client, username, **extra):
    data = {"username": username, "password": PASSWORD, "next": "/admin/"} | extra
    return client.post(reverse("admin:login"), data)


@pytest.mark.parametrize("role", ["reviewer", "chief", "superuser"])
def test_password_alone_is_not_enough_for_accounts_that_can_publish(client, staff, otp_on, role):
    user = getattr(staff, role)
    TOTPDevice.objects.create(user=user, name="phone")
    response = login(client, user.username)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b"Please enter your OTP token" in response.content
    assert b'name="otp_token"' in response.content  # the page now asks for the code


def test_a_board_member_with_a_valid_code_gets_in(client, staff, otp_on):
    device = TOTPDevice.objects.create(user=staff.reviewer, name="phone")
    response = login(client, "reviewer", otp_device=device.persistent_id, otp_token=code_for(device))
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_is_refused(client, staff, otp_on):
    device = TOTPDevice.objects.create(user=staff.reviewer, name="phone")
    wrong = f"{(int(code_for(device)) + 1) % 10**6:06d}"
    assert login(client, "reviewer", otp_device=device.persistent_id, otp_token=wrong).status_code == 200
    assert "_auth_user_id" not in client.session


def test_editors_sign_in_with_a_password_alone(client, staff, otp_on):
    assert login(client, "author").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_unverified_session_of_a_board_member_is_signed_out_at_the_admin_door(client, staff, otp_on):
    client.force_login(staff.reviewer)  # a session made some other way than the login form
    response = client.get(reverse("admin:editorial_revision_changelist"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert SECOND_FACTOR_REQUIRED_MESSAGE.encode() in page.content


def test_without_the_setting_a_password_is_enough(client, staff):
    TOTPDevice.objects.create(user=staff.reviewer, name="phone")
    assert login(client, "reviewer").status_code == 302
