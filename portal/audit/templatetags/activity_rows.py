"""The rows of the activity log, written in Python, and the "who" and "details" of an event
that every history table of the portal shows.

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


def _may_read_other_organizations(context) -> bool:
    return can(context.get("actor"), "console.audit.view")


def who_html(event, may_read_other_organizations: bool) -> str:
    """Who acted. Another organization's people are not a company's to read (ASVS V8): its
    reader sees the organization's name instead."""
    from_another = conditional_escape(gettext("from another organization"))
    if event.on_behalf_of_id and not may_read_other_organizations:
        is_vendor = event.on_behalf_of.kind == "vendor"
        badge = conditional_escape(gettext("vendor staff")) if is_vendor else from_another
        return f'{conditional_escape(event.on_behalf_of.name)} <span class="badge">{badge}</span>'
    who = conditional_escape(event.actor_email or "—")
    if event.on_behalf_of_id:
        who += f' <span class="badge">{from_another}</span>'
    return who


def details_html(event) -> str:
    lines = event.details
    if not lines:
        return ""
    items = "".join(f"<li>{conditional_escape(line)}</li>" for line in lines)
    return f'<ul class="event-details small muted">{items}</ul>'


@register.simple_tag(takes_context=True)
def event_who(context, event) -> SafeString:
    return mark_safe(who_html(event, _may_read_other_organizations(context)))  # noqa: S308 escaped


@register.simple_tag
def event_details(event) -> SafeString:
    return mark_safe(details_html(event))  # noqa: S308 escaped


@register.simple_tag(takes_context=True)
def activity_rows(context, events) -> SafeString:
    actor = context.get("actor")
    may_read_other_organizations = _may_read_other_organizations(context)
    show_organization = bool(actor and actor.is_vendor)
    labels = {
        name: conditional_escape(gettext(name))
        for name in ("When", "Who", "What", "Record", "Organization", "From address")
    }
    rows = []
    for event in events:
        hidden = bool(event.on_behalf_of_id) and not may_read_other_organizations
        who = who_html(event, may_read_other_organizations)
        record = conditional_escape(event.record or "—") + details_html(event)
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
