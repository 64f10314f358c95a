"""The organization tree (ORG-1) and memberships (ORG-2): who belongs where, at which level."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel
from portal.core.scoping import Scope, ScopedQuerySet, subtree_filter
from portal.core.validators import validate_single_line


class OrganizationKind(models.TextChoices):
    VENDOR = "vendor", _("Vendor")
    DISTRIBUTOR = "distributor", _("Distributor")
    RESELLER = "reseller", _("Reseller")
    CUSTOMER = "customer", _("Customer")


PARTNER_KINDS = (OrganizationKind.DISTRIBUTOR, OrganizationKind.RESELLER)

# Which kind of organization may sit directly under which (ORG-1).
ALLOWED_PARENT_KINDS = {
    OrganizationKind.VENDOR: (),
    OrganizationKind.DISTRIBUTOR: (OrganizationKind.VENDOR,),
    OrganizationKind.RESELLER: (OrganizationKind.VENDOR, OrganizationKind.DISTRIBUTOR),
    OrganizationKind.CUSTOMER: (OrganizationKind.RESELLER,),
}


# Between the values of a search column: a term never matches across two of them.
SEARCH_SEPARATOR = "\x1f"


def search_folded(*values) -> str:
    """Values as a search column keeps them and a search term is compared with them: case-folded
    by Python, since the databases' LOWER and SQLite's LIKE fold ASCII only ("ŁÓDŹ" finds
    "Łódź" on both databases)."""
    return SEARCH_SEPARATOR.join(str(value).casefold() for value in values if value)


class OrganizationQuerySet(ScopedQuerySet):
    def subtree_of(self, organization: "Organization") -> "OrganizationQuerySet":
        """The organization and everything below it, at any depth: one indexed range on `path`."""
        return self.filter(subtree_filter("", organization.path))


class Organization(TimeStampedModel):
    """Identity and place in the tree only. What an area keeps about an organization (company
    details, billing settings, program terms…) lives in a one-to-one record of that area."""

    class Tier(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        SILVER = "silver", _("Silver")
        GOLD = "gold", _("Gold")
        PLATINUM = "platinum", _("Platinum")

    kind = models.CharField(_("kind"), max_length=12, choices=OrganizationKind, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    # The primary keys from the root down to this one, "/1/4/17/" (set by `assign_path` once the
    # row has its key): a subtree is the range [path, path + "~").
    path = models.CharField(max_length=255, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    tier = models.CharField(_("tier"), max_length=12, choices=Tier, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # What a customer search compares the term with (CUST-1), case-folded (`search_folded`): the
    # name, kept by `save`, and the company details' email, city and phone, kept by
    # `CompanyDetails.save`. On one table, so that PostgreSQL finds a reseller's matches through
    # one trigram index (migration tenancy 0010) instead of reading all its customers.
    search_name = models.TextField(default="", editable=False)
    search_details = models.TextField(default="", editable=False)

    objects = OrganizationQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = ""

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(Lower("name"), name="org_name_lower"),
            models.Index(fields=["parent", "kind"]),
            models.Index(fields=["path"], name="org_path"),
            models.Index(fields=["kind", "path"], name="org_kind_path"),
            # the console's partner list (1,000 partners among 100,000s of customers), by name
            models.Index(
                fields=["name", "id"],
                condition=Q(kind__in=PARTNER_KINDS),
                name="org_partner_name",
            ),
            # a partner's resellers or customers, by name
            models.Index(fields=["parent", "name", "id"], name="org_parent_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrganizationKind.VENDOR, parent__isnull=True)
                | (~Q(kind=OrganizationKind.VENDOR) & Q(parent__isnull=False)),
                name="org_only_vendor_is_root",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if "name" not in self.get_deferred_fields():
            self.search_name = search_folded(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            if "name" in update_fields:
                kwargs["update_fields"] = {*update_fields, "search_name"}
        elif not self._state.adding and self.pk is not None and not kwargs.get("force_insert"):
            # The row's search_details is the company details' to write: this instance may have
            # been read before they changed. Fields not loaded are not written, as Django does.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name != "search_details"
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def clean(self):
        if self.kind and self.parent_id:
            allowed = ALLOWED_PARENT_KINDS.get(self.kind, ())
            if self.parent.kind not in allowed:
                raise ValidationError(
                    {
                        "parent": _("A %(kind)s cannot sit under a %(parent)s.")
                        % {
                            "kind": self.get_kind_display(),
                            "parent": self.parent.get_kind_display(),
                        }
                    }
                )

    def assign_path(self) -> None:
        """Store the tree path of a saved organization (its key is part of it)."""
        parent_path = self.parent.path if self.parent_id else "/"
        self.path = f"{parent_path}{self.pk}/"
        Organization.objects.filter(pk=self.pk).update(path=self.path)

    def is_within(self, other: "Organization") -> bool:
        """This organization is `other` or sits below it."""
        return bool(other.path) and self.path.startswith(other.path)

    @property
    def is_partner(self) -> bool:
        return self.kind in PARTNER_KINDS

    @property
    def realm(self) -> str:
        """Which part of the site members of this organization work in."""
        return {
            OrganizationKind.VENDOR: "vendor",
            OrganizationKind.CUSTOMER: "customer",
        }.get(self.kind, "partner")


class Level(models.TextChoices):
    """Partner levels of SPEC §3, lowest first."""

    BASIC = "basic", _("Basic")
    SALES = "sales", _("Sales / Designer")
    IT = "it", _("IT / Tech support")
    MANAGER = "manager", _("Manager / Supervisor")
    PRIMARY = "primary", _("Primary / Owner")


LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}


class VendorRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PARTNER_MANAGER = "partner_manager", _("Partner manager")
    SUPPORT = "support", _("Support technician")
    BILLING = "billing", _("Billing")
    CONTENT = "content", _("Content editor")


class CustomerRole(models.TextChoices):
    ADMIN = "admin", _("Account administrator")
    USER = "user", _("User")


ROLE_CHOICES_BY_KIND = {
    OrganizationKind.VENDOR: VendorRole,
    OrganizationKind.DISTRIBUTOR: Level,
    OrganizationKind.RESELLER: Level,
    OrganizationKind.CUSTOMER: CustomerRole,
}


class MembershipQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_status(self, status: str):
        if status == "active":
            return self.filter(is_active=True, person_activated=True)
        if status == "inactive":
            return self.filter(is_active=False)
        if status == "not_activated":
            return self.filter(is_active=True, person_activated=False)
        return self


class Membership(TimeStampedModel):
    """One person in one organization: their level (or role), feature access and active flag."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    # A partner Level, a VendorRole or a CustomerRole, by the organization's kind.
    role = models.CharField(_("level"), max_length=20)
    # Keys of access.policies.Feature the company manager granted, within the level's ceiling.
    features = models.JSONField(_("feature access"), default=list, blank=True)
    is_company_manager = models.BooleanField(_("company manager"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # The person's full name, copied so that a company's people list in name order straight
    # from the (organization, name, person) index: the first page of 10,000 employees reads 25
    # index entries instead of sorting 10,000 joined rows. save() fills it; User.save() keeps
    # it equal when the person's name changes.
    person_name = models.CharField(max_length=150, blank=True, default="", editable=False)
    # Whether the person has activated their login, copied for the same reason: the home's
    # count of active employees reads one partial index instead of joining 10,000 memberships
    # to their people (9-16 ms on PostgreSQL). save() fills it; User.save() keeps it equal.
    person_activated = models.BooleanField(default=False, editable=False)

    objects = MembershipQuerySet.as_manager()
    # A membership is its organization's record: members see their own colleagues only.
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["organization__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(is_company_manager=True),
                name="membership_one_company_manager",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "is_active"]),
            models.Index(
                fields=["organization", "person_name", "user"], name="membership_org_person_name"
            ),
            # a company's active Primaries (the company page's "name a second Primary"): a
            # handful among 10,000 employees
            models.Index(
                fields=["organization", "role"],
                condition=Q(is_active=True),
                name="membership_org_active_role",
            ),
            # a company's active employees counted (the home), index-only
            models.Index(
                fields=["organization"],
                condition=Q(is_active=True, person_activated=True),
                name="membership_org_active_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    def save(self, *args, **kwargs):
        if self.user_id and (Membership.user.is_cached(self) or not self.person_name):
            self.person_name = self.user.full_name
        if self.user_id and (Membership.user.is_cached(self) or self._state.adding):
            self.person_activated = self.user.activated_at is not None
        super().save(*args, **kwargs)

    @property
    def audit_label(self) -> str:
        """How the audit trail names the membership: the person (the level is in the data,
        translated when read; the organization is the event's own)."""
        return str(self.user)

    def clean(self):
        choices = ROLE_CHOICES_BY_KIND.get(self.organization.kind)
        if choices is not None and self.role not in choices.values:
            raise ValidationError({"role": _("This level does not exist for this organization.")})
        if self.is_company_manager and self.role != Level.PRIMARY:
            raise ValidationError(
                {"is_company_manager": _("The company manager must be a Primary / Owner.")}
            )

    @property
    def level(self) -> Level | None:
        return Level(self.role) if self.organization.is_partner else None

    def get_role_display(self) -> str:
        choices = ROLE_CHOICES_BY_KIND.get(self.organization.kind)
        return choices(self.role).label if choices else self.role

    @property
    def status(self) -> str:
        if not self.is_active:
            return "inactive"
        if not self.user.is_activated:
            return "not_activated"
        return "active"

    def get_status_display(self) -> str:
        return {
            "active": _("Active"),
            "inactive": _("Inactive"),
            "not_activated": _("Not activated"),
        }[self.status]


class MembershipInvitationQuerySet(ScopedQuerySet):
    def pending(self):
        return self.filter(status=MembershipInvitation.Status.PENDING)


class MembershipInvitation(TimeStampedModel):
    """A membership offered to a login that already exists (issue 8, High 1).

    A matching email alone never attaches a new membership to someone's login: the person sees the
    invitation when signed in and the membership is created only when they accept it. Until then
    nothing (the actor middleware, the switcher, the employee list) knows of it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_invitations"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="membership_invitations"
    )
    role = models.CharField(_("level"), max_length=20)
    features = models.JSONField(_("feature access"), default=list, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MembershipInvitationQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(status="pending"),
                name="membership_invitation_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"invitation of {self.user_id} to {self.organization_id} ({self.status})"

    @property
    def audit_label(self) -> str:
        # The address the inviter typed; the login's own name is not theirs to read until the
        # person accepts.
        return self.user.email

    def get_role_display(self) -> str:
        choices = ROLE_CHOICES_BY_KIND.get(self.organization.kind)
        return choices(self.role).label if choices else self.role
