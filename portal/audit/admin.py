from django.contrib import admin

from portal.core.pagination import CappedPaginator

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "actor_email",
        "verb",
        "target_repr",
        "organization",
        "ip_address",
    ]
    list_filter = ["verb"]
    # the organization column would be one query per row otherwise
    list_select_related = ["organization"]
    show_full_result_count = False
    # a million entries: count no further than the cap, newest first through the index
    paginator = CappedPaginator
    ordering = ["-created_at", "-id"]
    search_fields = ["actor_email", "verb", "target_repr"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
