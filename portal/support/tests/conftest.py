import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.demo.testing import actor_for, make_vendor_member
from portal.support import services
from portal.tenancy.models import VendorRole


@pytest.fixture
def tech(db):
    return actor_for(make_vendor_member(VendorRole.SUPPORT, email="tech@vendor.test"))


@pytest.fixture
def other_tech(db):
    return actor_for(make_vendor_member(VendorRole.SUPPORT, email="tech2@vendor.test"))


def pdf(name="log.pdf", size=None):
    body = b"%PDF-1.4\n" + b"x" * ((size or 20) - 9)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def new_case(tenant, level="basic", **fields):
    fields.setdefault("subject", f"Printer of {level}")
    fields.setdefault("description", "It prints empty pages.")
    return services.case_create(actor=tenant.actor(level), **fields)


def phone_case(tenant, tech_actor):
    return services.case_phone_log(
        actor=tech_actor,
        organization=tenant.organization,
        caller=tenant.members["manager"],
        subject="Phone call",
        description="Called about the till.",
    )
