import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

from portal.core.crypto import derive_key

SECRET_KEY = "x" * 20 + "-production-secret-key-0123456789abcdef"


def _check_deploy(**variables: str) -> subprocess.CompletedProcess:
    # The browser tests' conftest allows sync ORM calls in an event loop; production must not.
    drop = {"DJANGO_ALLOW_ASYNC_UNSAFE", "PORTAL_FIELD_ENCRYPTION_KEYS"}
    env = {
        **{k: v for k, v in os.environ.items() if k not in drop},
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "portal.example.com",
        **variables,
    }
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=config.settings.production",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = _check_deploy(PORTAL_FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_run_without_field_encryption_keys():
    result = _check_deploy()
    assert result.returncode != 0
    assert "portal.E001" in result.stdout + result.stderr


def test_production_refuses_the_key_derived_from_the_secret_key():
    result = _check_deploy(PORTAL_FIELD_ENCRYPTION_KEYS=derive_key(SECRET_KEY))
    assert result.returncode != 0
    assert "portal.E002" in result.stdout + result.stderr
