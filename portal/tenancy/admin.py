from django.contrib import admin

from .models import Membership, Organization, OrganizationKind


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Names, tiers and partners' details can be corrected here; the tree and the customers'
    status cannot. An organization is created, moved or removed only by the portal's services,
    which keep its stored path and what is kept about it (a reseller's customer totals)."""

    list_display = ["name", "kind", "parent", "tier", "is_active"]
    list_filter = ["kind", "tier", "is_active"]
    search_fields = ["name", "tax_id"]
    raw_id_fields = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        structure = ["kind", "parent", "path"]
        if obj is not None and obj.kind == OrganizationKind.CUSTOMER:
            # My Customers' Deactivate/Reactivate (customers.services.customer_set_active)
            structure.append("is_active")
        return structure

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "is_company_manager", "is_active"]
    list_filter = ["role", "is_active", "is_company_manager"]
    search_fields = ["user__email", "organization__name"]
    raw_id_fields = ["user", "organization"]
