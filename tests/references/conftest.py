import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The staff fixture hashes six passwords per test; a fast hasher keeps this folder's tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
