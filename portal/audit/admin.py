from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.access.kept import kept_page
from portal.core.pagination import CappedPaginator

from .models import AuditEvent
from .verbs import LABELS


class VerbFilter(admin.SimpleListFilter):
    """The actions every area declared (verbs.py), not a DISTINCT over a million entries."""

    title = _("Action")
    parameter_name = "verb"

    def lookups(self, request, model_admin):
        return sorted(LABELS.items(), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        return queryset.filter(verb=self.value()) if self.value() else queryset


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
    list_filter = [VerbFilter]
    # the organization column would be one query per row otherwise
    list_select_related = ["organization"]
    show_full_result_count = False
    # a million entries: count no further than the cap, newest first through the index
    paginator = CappedPaginator
    # 50 a page, as the console's activity log: the admin writes each cell through
    # items_for_result, 0.15 ms a row
    list_per_page = 50
    ordering = ["-created_at", "-id"]
    search_fields = ["actor_email", "verb", "target_repr"]

    def changelist_view(self, request, extra_context=None):
        # The whole page is kept while the trail does not move (issue 9): the ChangeList counts
        # and reads its rows, and the admin's sidebar is built, before the template is reached.
        return kept_page(
            request,
            "admin.audit.changelist",
            lambda: super(AuditEventAdmin, self).changelist_view(request, extra_context),
            trail=True,
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
