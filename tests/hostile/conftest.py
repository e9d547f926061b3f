import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The staff fixture hashes seven passwords per test; the strong default hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
