"""Demo records of My Customers, built through the services: two inactive customers and
storefront users in every status for customer@demo.example's company. The run rates are not
invented here: they follow from the subscriptions the orders demo places (`orders/demo.py`)."""

from portal.tenancy.actor import actor_for
from portal.tenancy.models import CustomerRole

from . import services


def seed(world) -> None:
    reseller_actor = actor_for(world.member("reseller@demo.example"))
    for customer in world.customers[-2:]:
        services.customer_set_active(actor=reseller_actor, customer=customer, active=False)
    first = world.first_customer
    services.storefront_user_add(
        actor=reseller_actor,
        customer=first,
        first_name="Nora",
        last_name="Newcomer",
        email="storefront.new@demo.example",
        language="pl",
        date_format="d.m.Y",
        role=CustomerRole.USER,
    )
    former = services.storefront_user_add(
        actor=reseller_actor,
        customer=first,
        first_name="Felix",
        last_name="Former",
        email="storefront.former@demo.example",
        language="en",
        date_format="Y-m-d",
        role=CustomerRole.USER,
    )
    services.storefront_user_set_active(actor=reseller_actor, membership=former, active=False)
