import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from portal.core.frame_stack import with_room_on_the_frame_stack  # noqa: E402

# every request in one chunk of CPython's frame stack (portal/core/frame_stack.py)
application = with_room_on_the_frame_stack(get_wsgi_application())
