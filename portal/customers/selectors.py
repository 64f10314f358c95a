from django.db.models import Exists, OuterRef, Q, QuerySet

from portal.tenancy.actor import Actor
from portal.tenancy.models import Membership, Organization
from portal.tenancy.selectors import customers_of

SORTABLE = ("name", "city", "email")  # and each with "-" for descending


def customer_list(*, actor: Actor, search: str = "", sort: str = "name") -> QuerySet[Organization]:
    """The actor's customers with a storefront-access flag computed in the same query (CUST-1)."""
    customers = (
        customers_of(actor)
        .annotate(
            has_storefront=Exists(
                Membership.objects.filter(organization=OuterRef("pk"), is_active=True)
            )
        )
        .select_related("parent")
    )
    if search:
        customers = customers.filter(
            Q(name__icontains=search)
            | Q(email__icontains=search)
            | Q(city__icontains=search)
            | Q(phone__icontains=search)
        )
    if sort.removeprefix("-") not in SORTABLE:
        sort = "name"
    return customers.order_by(sort, "pk")


def customer_storefront_users(*, customer: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=customer)
        .select_related("user")
        .order_by("user__full_name")
    )
