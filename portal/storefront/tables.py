import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.core.tables import PortalTable
from portal.tenancy.models import Membership

STATUS_BADGE = {"active": "ok", "not_activated": "warn", "inactive": "bad"}


class StoreUserTable(PortalTable):
    """The customer's own storefront users, for its administrator."""

    name = tables.Column(verbose_name=_("Name"), accessor="user__full_name")
    email = tables.Column(verbose_name=_("Email"), accessor="user__email")
    role = tables.Column(verbose_name=_("Role"), accessor="role")
    status = tables.Column(
        verbose_name=_("Status"),
        accessor="is_active",
        order_by=("-is_active", "-user__activated_at"),
    )

    class Meta:
        model = Membership
        fields = ()
        sequence = ("name", "email", "role", "status")
        order_by = ("name",)
        empty_text = _("No storefront users match.")

    def render_role(self, record):
        return record.get_role_display()

    def render_status(self, record):
        return format_html(
            '<span class="badge {}">{}</span>',
            STATUS_BADGE[record.status],
            record.get_status_display(),
        )
