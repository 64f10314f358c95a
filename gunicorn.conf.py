"""gunicorn's settings for `gunicorn config.wsgi`, read from the repository root.

Everything that differs between machines comes from the environment, as in config/settings:
HOST, PORT, WEB_CONCURRENCY, GUNICORN_TIMEOUT, GUNICORN_GRACEFUL_TIMEOUT, GUNICORN_ACCESS_LOG,
GUNICORN_MAX_REQUESTS. The reverse proxy in front terminates TLS and buffers slow clients, which is
what lets plain sync workers serve this portal (every page is a short, database-bound request).
"""

import multiprocessing
import os

# Loopback unless told otherwise: the reverse proxy on the same host talks to it; in a container
# set HOST=0.0.0.0.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# The usual 2 × cores + 1, capped: more sync workers than that only queue on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", 0)) or min(multiprocessing.cpu_count() * 2 + 1, 12)
worker_class = "sync"

# Load Django once in the master, then fork: workers start fast and share its memory.
preload_app = True

# A request running longer than this is killed (and logged); a restart or a HUP waits this long for
# requests in flight before stopping a worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))

# Recycle a worker after this many requests (0: never), with jitter so they do not all restart at
# once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10

# The proxy keeps the access log; set GUNICORN_ACCESS_LOG=- to write one to stdout here as well.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def pre_fork(server, worker):
    """A database connection the master opened while loading the app must not be inherited: two
    processes talking over one socket corrupt each other's queries."""
    from django.db import connections

    connections.close_all()
