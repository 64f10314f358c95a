"""The rows of the activity log, written in Python.

Through the template engine each of a page's 50 rows cost two includes, a permission check per
row and a dozen variable lookups: two thirds of the page's time. The HTML is the one the template
loop wrote (portal/audit/tests/test_activity_rows.py compares the two).
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.access.policies import can
from portal.core.templatetags.portal_format import userdatetime

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_rows(context, events) -> SafeString:
    actor = context.get("actor")
    may_read_other_organizations = can(actor, "console.audit.view")
    show_organization = bool(actor and actor.is_vendor)
    vendor_staff = conditional_escape(gettext("vendor staff"))
    from_another = conditional_escape(gettext("from another organization"))
    labels = {
        name: conditional_escape(gettext(name))
        for name in ("When", "Who", "What", "Record", "Organization", "From address")
    }
    rows = []
    for event in events:
        hidden = bool(event.on_behalf_of_id) and not may_read_other_organizations
        if hidden:
            badge = vendor_staff if event.on_behalf_of.kind == "vendor" else from_another
            who = (
                f'{conditional_escape(event.on_behalf_of.name)} <span class="badge">{badge}</span>'
            )
        else:
            who = conditional_escape(event.actor_email or "—")
            if event.on_behalf_of_id:
                who += f' <span class="badge">{from_another}</span>'
        record = conditional_escape(event.record or "—")
        lines = event.details
        if lines:
            items = "".join(f"<li>{conditional_escape(line)}</li>" for line in lines)
            record += f'<ul class="event-details small muted">{items}</ul>'
        cells = [
            f'<td data-label="{labels["When"]}" class="date">'
            f"{conditional_escape(userdatetime(event.created_at))}</td>",
            f'<td data-label="{labels["Who"]}">{who}</td>',
            f'<td data-label="{labels["What"]}"><span title="{conditional_escape(event.verb)}">'
            f"{conditional_escape(event.verb_label)}</span></td>",
            f'<td data-label="{labels["Record"]}">{record}</td>',
        ]
        if show_organization:
            organization = event.organization.name if event.organization_id else ""
            cells.append(
                f'<td data-label="{labels["Organization"]}">'
                f"{conditional_escape(organization or '—')}</td>"
            )
        address = "—" if hidden else conditional_escape(event.ip_address or "—")
        cells.append(f'<td data-label="{labels["From address"]}">{address}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("".join(rows))  # noqa: S308 every value above is escaped
