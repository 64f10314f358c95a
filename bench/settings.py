"""The production settings as they are, with the hello-world page added to the URLs.

The benchmark serves the portal and its hello-world baseline from one gunicorn, so both pay for
the same middleware, server and settings.
"""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.hello_urls"

if REDIS_URL:  # noqa: F405
    # One Redis for every benchmark database: keep their cached figures apart.
    import hashlib

    prefix = hashlib.sha256(DATABASES["default"]["NAME"].encode()).hexdigest()[:12]  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = prefix  # noqa: F405
    CACHES["figures"]["KEY_PREFIX"] = f"figures-{prefix}"  # noqa: F405
