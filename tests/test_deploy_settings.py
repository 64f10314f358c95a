import os
import subprocess
import sys
from pathlib import Path


def test_production_settings_pass_check_deploy():
    # The browser tests' conftest allows sync ORM calls in an event loop; production must not.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-key-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "portal.example.com",
    }
    result = subprocess.run(
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
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
