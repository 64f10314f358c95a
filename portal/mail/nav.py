from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [NavEntry("vendor", _("Outbox"), "console:outbox", "console.outbox.view", order=95)]
