from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [
    NavEntry("partner", _("Support cases"), "support:cases", "cases.view_own", order=60),
    NavEntry("partner", _("Knowledge base"), "kb:list", "kb.view", order=62),
    NavEntry("partner", _("Live sessions"), "support:sessions", "live_sessions.book", order=64),
    NavEntry("partner", _("Downloads"), "support:downloads", "downloads.view", order=66),
    NavEntry(
        "vendor", _("Support queue"), "console:support_queue", "console.support.work", order=40
    ),
    NavEntry(
        "vendor", _("Entitlement"), "console:support_contracts", "console.support.work", order=42
    ),
    NavEntry(
        "vendor", _("Live sessions"), "console:support_sessions", "console.support.work", order=44
    ),
    NavEntry(
        "vendor", _("Knowledge base"), "console:support_articles", "console.kb.write", order=46
    ),
    NavEntry(
        "vendor", _("Downloads"), "console:support_downloads", "console.support.work", order=48
    ),
]
