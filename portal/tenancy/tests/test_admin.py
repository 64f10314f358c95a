"""Django's admin may correct an organization's name and details, not its place in the tree nor
a customer's status: those go through the services, which keep the stored path and the
resellers' customer totals."""

from portal.tenancy.models import Organization


def _superuser(vendor_admin, login):
    vendor_admin.user.is_staff = vendor_admin.user.is_superuser = True
    vendor_admin.user.save(update_fields=["is_staff", "is_superuser"])
    return login(vendor_admin)


def test_a_customers_status_and_place_cannot_be_changed_in_the_admin(tenant_a, vendor_admin, login):
    client = _superuser(vendor_admin, login)
    customer = tenant_a.customers[0]
    page = client.get(f"/admin/tenancy/organization/{customer.pk}/change/").content.decode()
    assert 'name="name"' in page
    for field in ("is_active", "parent", "kind", "path"):
        assert f'name="{field}"' not in page, field
    client.post(
        f"/admin/tenancy/organization/{customer.pk}/change/",
        {"name": "Renamed Customer", "is_active": "", "tier": customer.tier or ""},
    )
    customer.refresh_from_db()
    assert customer.is_active  # the posted status was not taken


def test_a_partners_status_stays_editable_but_no_organization_is_added_or_deleted(
    tenant_a, vendor_admin, login
):
    client = _superuser(vendor_admin, login)
    reseller = tenant_a.organization
    page = client.get(f"/admin/tenancy/organization/{reseller.pk}/change/").content.decode()
    assert 'name="is_active"' in page and 'name="parent"' not in page
    assert client.get("/admin/tenancy/organization/add/").status_code == 403
    assert client.get(f"/admin/tenancy/organization/{reseller.pk}/delete/").status_code == 403
    assert Organization.objects.filter(pk=reseller.pk).exists()
