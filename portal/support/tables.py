"""Tables of the support area (django-tables2)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from portal.core.tables import PortalTable
from portal.core.templatetags.portal_format import status_badge, userdate

from .models import Article, Case


class _StatusColumn(tables.Column):
    def render(self, record):
        return status_badge(record, "status")


class _DateColumn(tables.Column):
    def render(self, value):
        return userdate(value)


class CaseTable(PortalTable):
    reference = tables.Column(
        verbose_name=_("Reference"), linkify=("support:case", [tables.A("pk")])
    )
    subject = tables.Column(verbose_name=_("Subject"))
    severity = tables.Column(verbose_name=_("Severity"))
    status = _StatusColumn(verbose_name=_("Status"))
    created_by = tables.Column(verbose_name=_("Opened by"), accessor="created_by__full_name")
    created_at = _DateColumn(verbose_name=_("Opened"))
    last_activity_at = _DateColumn(verbose_name=_("Last activity"))

    class Meta:
        model = Case
        fields = (
            "reference",
            "subject",
            "severity",
            "status",
            "created_by",
            "created_at",
            "last_activity_at",
        )
        order_by = ("-last_activity_at",)
        empty_text = _("No cases match.")


class QueueTable(PortalTable):
    reference = tables.Column(
        verbose_name=_("Reference"), linkify=("console:support_case", [tables.A("pk")])
    )
    subject = tables.Column(verbose_name=_("Subject"))
    organization = tables.Column(verbose_name=_("Company"), accessor="organization__name")
    severity = tables.Column(verbose_name=_("Severity"))
    status = _StatusColumn(verbose_name=_("Status"))
    channel = tables.Column(verbose_name=_("Channel"))
    assignee = tables.Column(
        verbose_name=_("Assignee"), accessor="assignee__full_name", default="—"
    )
    created_at = _DateColumn(verbose_name=_("Opened"))

    class Meta:
        model = Case
        fields = (
            "reference",
            "subject",
            "organization",
            "severity",
            "status",
            "channel",
            "assignee",
            "created_at",
        )
        order_by = ("created_at",)
        empty_text = _("No cases match.")


class ArticleTable(PortalTable):
    title = tables.Column(verbose_name=_("Title"), linkify=("kb:article", [tables.A("pk")]))
    category = tables.Column(verbose_name=_("Category"), accessor="category__name")
    visibility = tables.Column(verbose_name=_("Visibility"))
    updated_at = _DateColumn(verbose_name=_("Updated"))

    class Meta:
        model = Article
        fields = ("title", "category", "visibility", "updated_at")
        order_by = ("title",)
        empty_text = _("No articles match.")


class ConsoleArticleTable(ArticleTable):
    title = tables.Column(
        verbose_name=_("Title"), linkify=("console:support_article", [tables.A("pk")])
    )
    is_published = tables.BooleanColumn(verbose_name=_("Published"))

    class Meta(ArticleTable.Meta):
        fields = ("title", "category", "visibility", "is_published", "updated_at")
