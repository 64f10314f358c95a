from django.contrib import admin

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
    search_fields = ["actor_email", "verb", "target_repr"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
