"""The deploy check on the keys that encrypt secrets at rest."""

from cryptography.fernet import Fernet

from portal.core.checks import check_field_encryption_keys
from portal.core.crypto import derive_key


def _ids(settings) -> list[str]:
    return [message.id for message in check_field_encryption_keys()]


def test_keys_of_its_own_pass(settings):
    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    assert _ids(settings) == []


def test_no_keys_is_an_error(settings):
    settings.PORTAL_FIELD_ENCRYPTION_KEYS = []
    assert _ids(settings) == ["portal.E001"]


def test_the_key_derived_from_the_secret_key_is_an_error(settings):
    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        derive_key(settings.SECRET_KEY),
    ]
    assert _ids(settings) == ["portal.E002"]


def test_a_malformed_key_is_an_error(settings):
    settings.PORTAL_FIELD_ENCRYPTION_KEYS = ["not-a-fernet-key"]
    assert _ids(settings) == ["portal.E003"]


def test_the_check_runs_with_deploy_checks_only():
    from django.core.checks import registry

    assert check_field_encryption_keys in registry.registry.get_checks(
        include_deployment_checks=True
    )
    assert check_field_encryption_keys not in registry.registry.get_checks()
