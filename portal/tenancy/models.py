"""The organization tree (ORG-1) and memberships (ORG-2): who belongs where, at which level."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from portal.core.models import TimeStampedModel


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


class OrganizationQuerySet(models.QuerySet):
    def subtree_of(self, organization: "Organization") -> "OrganizationQuerySet":
        """The organization and everything below it; the tree is at most four levels deep."""
        pk = organization.pk
        return self.filter(
            Q(pk=pk) | Q(parent_id=pk) | Q(parent__parent_id=pk) | Q(parent__parent__parent_id=pk)
        )


class Organization(TimeStampedModel):
    class Tier(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        SILVER = "silver", _("Silver")
        GOLD = "gold", _("Gold")
        PLATINUM = "platinum", _("Platinum")

    class PaymentMethod(models.TextChoices):
        CREDIT_CARD = "credit_card", _("Credit card")
        CASH = "cash", _("Cash")
        DEPOSIT = "deposit", _("Deposit")

    kind = models.CharField(_("kind"), max_length=12, choices=OrganizationKind, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    name = models.CharField(_("name"), max_length=200)
    tier = models.CharField(_("tier"), max_length=12, choices=Tier, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    # Company information (COMP-1).
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    tax_id = models.CharField(_("tax id"), max_length=32, blank=True)
    country = CountryField(_("country"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    state = models.CharField(_("state / province"), max_length=100, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Billing & contacts (COMP-1).
    billing_address = models.TextField(_("billing address"), blank=True)
    billing_email = models.EmailField(_("billing email"), blank=True)
    payment_method = models.CharField(
        _("payment method"), max_length=12, choices=PaymentMethod, blank=True
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(Lower("name"), name="org_name_lower"),
            models.Index(fields=["parent", "kind"]),
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


# The two parts of the company page (COMP-1), each saved on its own.
COMPANY_INFO_FIELDS = (
    "legal_name",
    "tax_id",
    "country",
    "address",
    "city",
    "postcode",
    "state",
    "phone",
    "website",
)
COMPANY_BILLING_FIELDS = ("billing_address", "billing_email", "payment_method")


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


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_status(self, status: str):
        if status == "active":
            return self.filter(is_active=True, user__activated_at__isnull=False)
        if status == "inactive":
            return self.filter(is_active=False)
        if status == "not_activated":
            return self.filter(is_active=True, user__activated_at__isnull=True)
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

    objects = MembershipQuerySet.as_manager()

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
        indexes = [models.Index(fields=["organization", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

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
