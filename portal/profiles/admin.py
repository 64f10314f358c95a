from django.contrib import admin

from .models import ForumCredential


@admin.register(ForumCredential)
class ForumCredentialAdmin(admin.ModelAdmin):
    """User names only: the encrypted password is neither shown nor editable here."""

    list_display = ["user", "username", "updated_at"]
    search_fields = ["user__email", "username"]
    fields = ["user", "username", "created_at", "updated_at"]
    readonly_fields = fields

    # Changes go through the profile page, where they are audited.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
