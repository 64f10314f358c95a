from portal.access.registry import Widget

from .selectors import audit_events_for


def _recent(actor) -> dict:
    return {"events": list(audit_events_for(actor)[:8])}


WIDGETS = [Widget("partner", "audit.view_company", "audit/widgets/_recent.html", _recent, order=90)]
