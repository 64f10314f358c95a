from django.contrib import admin

from .models import Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "tier", "is_active"]
    list_filter = ["kind", "tier", "is_active"]
    search_fields = ["name", "tax_id"]
    raw_id_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "is_company_manager", "is_active"]
    list_filter = ["role", "is_active", "is_company_manager"]
    search_fields = ["user__email", "organization__name"]
    raw_id_fields = ["user", "organization"]
