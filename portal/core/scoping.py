"""Tenant scoping by construction (SEC-1): the only way views and selectors reach partner data.

A model that holds an organization's data uses `ScopedQuerySet.as_manager()` (or a subclass) and
says, with two class attributes, how its rows hang on the organization tree:

- `scope_field`: the lookup from the row to its owning organization ("organization", or
  "customer__organization" for a row two steps away; "" for the Organization model itself);
- `scope`: `Scope.OWN` (members see their own organization's rows), `Scope.SUBTREE` (members also
  see what sits below their organization: a distributor's resellers, a reseller's customers) or
  `Scope.VENDOR` (vendor staff only);
- optionally `scope_reseller_field`: for a row kept under a customer that also stores the
  customer's reseller (orders, subscriptions, invoices), the field a reseller's scope is read
  from. The model keeps it equal to the customer's parent (customers never change reseller).

Vendor staff see every row; whether they may open a page at all is the policy's business.
`get_for_actor` loads one row through that scope, and a row outside it is a 404, exactly like a
missing one (zulip's `access_*`, healthchecks' `_get_check_for_user`). The organization tree is
stored as a path of primary keys ("/1/4/17/"), so a subtree is one indexed range query at any
depth. This module knows the actor only by its duck type (`is_vendor`, `organization.pk`,
`organization.path`): it sits on the ground floor and imports no app.
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

# Paths are digits and "/"; "~" sorts after both, so [path, path + "~") is the whole subtree.
PATH_END = "~"

ModelT = TypeVar("ModelT", bound=models.Model)


class Scope(enum.Enum):
    OWN = "own"
    SUBTREE = "subtree"
    VENDOR = "vendor"


def subtree_filter(prefix: str, path: str) -> models.Q:
    """Rows whose organization path starts with `path` (the organization itself included)."""
    lookup = f"{prefix}__path" if prefix else "path"
    return models.Q(**{f"{lookup}__gte": path, f"{lookup}__lt": path + PATH_END})


class ScopedQuerySet(models.QuerySet):
    def for_actor(self, actor: Any) -> ScopedQuerySet:
        """The rows this acting member may see; nothing for no actor."""
        model = self.model
        scope: Scope = getattr(model, "scope", None)
        field: str | None = getattr(model, "scope_field", None)
        if scope is None or field is None:
            raise TypeError(f"{model.__name__} declares no `scope` and `scope_field`.")
        if actor is None:
            return self.none()
        if actor.is_vendor:
            return self.all()
        if scope is Scope.VENDOR:
            return self.none()
        organization = actor.organization
        if scope is Scope.SUBTREE:
            reseller_field = getattr(model, "scope_reseller_field", None)
            if reseller_field and organization.kind == "reseller":
                # A reseller's subtree below it is its customers, and a row kept under a
                # customer names the customer's reseller as well: for a reseller that column
                # is the whole scope, read from its own index. (With the path range of the
                # joined customer beside it, PostgreSQL multiplies the two selectivities,
                # expects 89 of a reseller's 5,000 invoices and merge-joins every
                # organization: 120 ms for a page.)
                return self.filter(**{reseller_field: organization.pk})
            return self.filter(subtree_filter(field, organization.path))
        return self.filter(**{f"{field}__pk" if field else "pk": organization.pk})


class ResellerColumnMixin:
    """For a model with `scope_reseller_field`: refuses to save a row whose reseller is not the
    parent of its scope organization (the customer), since a reseller's scope reads that column
    alone. Checked when the customer is at hand (the services pass it), without a query."""

    def save(self, *args, **kwargs):
        descriptor = getattr(type(self), self.scope_field)
        if descriptor.is_cached(self):
            owner = getattr(self, self.scope_field)
            if owner.parent_id != getattr(self, f"{self.scope_reseller_field}_id"):
                raise ValueError("The reseller must be the customer's parent.")
        super().save(*args, **kwargs)


def get_for_actor(actor: Any, model_or_queryset: type[ModelT] | models.QuerySet, pk: Any) -> ModelT:
    """One row the actor may see, or 404: another organization's id reads as a missing one."""
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    if not isinstance(queryset, ScopedQuerySet):
        raise TypeError(f"{queryset.model.__name__} is not a scoped model.")
    try:
        return queryset.for_actor(actor).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
