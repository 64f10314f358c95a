"""The storefront of end customers: their company and reseller, their storefront users (for the
customer's administrator), and the Orders / Subscriptions / Invoices pages the orders and
billing areas will fill; the reseller's own sign-in page."""

from allauth.account.views import LoginView
from django.shortcuts import render

from portal.access.decorators import permission_required
from portal.core.pagination import paginate_table
from portal.tenancy.models import Membership

from .filters import StoreUserFilter
from .links import reseller_for_token, storefront_login_url
from .tables import StoreUserTable


def _customer_context(request) -> dict:
    customer = request.actor.organization
    return {"customer": customer, "reseller": customer.parent}


@permission_required("store.home")
def home(request):
    context = _customer_context(request)
    context["sign_in_url"] = storefront_login_url(context["reseller"])
    return render(request, "storefront/home.html", context)


@permission_required("store.users.manage")
def users(request):
    actor = request.actor
    queryset = (
        Membership.objects.for_actor(actor)
        .filter(organization=actor.organization)
        .select_related("user")
    )
    users_filter = StoreUserFilter(request.GET, queryset=queryset)
    table = StoreUserTable(users_filter.qs)
    paginate_table(request, table, per_page=25)
    context = {**_customer_context(request), "filter": users_filter, "table": table}
    template = "storefront/partials/_users.html" if request.htmx else "storefront/users.html"
    return render(request, template, context)


class StorefrontLoginView(LoginView):
    """allauth's sign-in (same throttling, audit, two-factor and inactive-user refusal) on the
    reseller's own address, with the reseller's name on the page."""

    template_name = "storefront/login.html"

    def dispatch(self, request, *args, token: str, **kwargs):
        self.reseller = reseller_for_token(token)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reseller"] = self.reseller
        return context


storefront_login = StorefrontLoginView.as_view()
