import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.tenancy.models import Organization


class StorefrontColumn(tables.Column):
    def render(self, value):
        if value:
            label = _("Has storefront access")
            return format_html('<span title="{0}" aria-label="{0}">✔</span>', label)
        return format_html('<span class="muted">{}</span>', "—")


class CustomerTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=("customers:detail", [tables.A("pk")]))
    phone = tables.Column(verbose_name=_("Phone"), accessor="details__phone", orderable=False)
    city = tables.Column(verbose_name=_("City"), accessor="details__city")
    email = tables.Column(verbose_name=_("Email"), accessor="details__email")
    reseller = tables.Column(verbose_name=_("Reseller"), accessor="parent__name")
    has_storefront = StorefrontColumn(verbose_name=_("Storefront"), orderable=False)

    class Meta:
        model = Organization
        fields = ("name", "phone", "city", "email", "reseller", "has_storefront")
        order_by = ("name",)
        empty_text = _("No customers match.")

    def render_phone(self, value):
        return value.as_international if value else "—"
