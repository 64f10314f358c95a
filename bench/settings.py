"""The production settings as they are, with the hello-world page added to the URLs.

The benchmark serves the portal and its hello-world baseline from one gunicorn, so both pay for
the same middleware, server and settings.
"""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.hello_urls"
