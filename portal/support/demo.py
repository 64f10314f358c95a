"""Support demo records (SPEC §8): products, cases in every status (and a phone case), articles
public and restricted, live session slots, a coupon, downloads and license keys, built through
the services."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.tenancy.actor import actor_for

from . import services
from .models import ArticleCategory, Case, LicenseKey, Product

ARTICLES = [
    (
        "Installation",
        "Installing the server on Windows",
        "public",
        "# Before you start\nCheck that the machine has 8 GB of memory.\n\n"
        "# Steps\n- Run the installer as administrator\n- Choose the database folder\n"
        "- Start the service `portal-server`\n",
    ),
    (
        "Installation",
        "Moving the database to a new server",
        "members",
        "Stop the service, copy the data folder, and start it on the new machine.\n\n"
        "## Licence\nYour license key moves with the database.",
    ),
    (
        "Configuration",
        "Printing receipts on a network printer",
        "public",
        "Add the printer by its IP address in Settings → Devices.",
    ),
    (
        "Configuration",
        "Single sign-on with Active Directory",
        "members",
        "- Create a service account\n- Enter the domain in Settings → Security\n",
    ),
    ("Troubleshooting", "Error 1045 at start-up", "members", "The database password changed."),
]


def seed(world) -> None:
    vendor_support = actor_for(world.member("support@demo.example"))
    vendor_admin = actor_for(world.member("vendor@demo.example"))
    products = [
        Product.objects.create(name=name) for name in ("POS Server", "Back Office", "Mobile")
    ]
    today = timezone.localdate()

    services.contract_update(
        actor=vendor_admin,
        organization=world.reseller,
        maintenance_until=today + timedelta(days=300),
        initial_support_start=today - timedelta(days=30),
        initial_support_end=today + timedelta(days=60),
    )
    services.coupon_create(
        actor=vendor_admin,
        organization=world.reseller,
        code="WELCOME-BALTIC",
        discount_percent=100,
        max_uses=3,
    )

    basic = actor_for(world.member("basic@demo.example"))
    sales = actor_for(world.member("sales@demo.example"))
    manager = actor_for(world.member("manager@demo.example"))
    texts = [
        (basic, "Receipt printer prints empty pages", Case.Status.NEW),
        (basic, "Cannot log in after the update", Case.Status.ASSIGNED),
        (sales, "Licence count shows one seat too few", Case.Status.WAITING),
        (manager, "Back office report is slow", Case.Status.RESOLVED),
        (sales, "Question about VAT rates", Case.Status.CLOSED),
    ]
    for i, (author, subject, status) in enumerate(texts):
        case = services.case_create(
            actor=author,
            subject=subject,
            description=f"{subject}.\nIt started this week on two of our client's tills.",
            severity=["normal", "high", "low", "normal", "low"][i],
            product=products[i % len(products)],
        )
        if status == Case.Status.NEW:
            continue
        services.case_assign(actor=vendor_support, case=case, assignee=vendor_support.user)
        services.case_reply(
            actor=vendor_support,
            case=case,
            body="Checked the logs: the client's server is on an old version.",
            internal=True,
        )
        services.case_reply(
            actor=vendor_support,
            case=case,
            body="Thank you, we are looking into it. Could you send the log file?",
            status=status if status != Case.Status.ASSIGNED else "",
        )
    services.case_phone_log(
        actor=vendor_support,
        organization=world.reseller,
        caller=world.member("manager@demo.example"),
        subject="Phone: till offline in the Gdańsk shop",
        description="Called at 9:10, network cable unplugged; fixed on the call.",
    )

    categories = {}
    for category, title, visibility, body in ARTICLES:
        if category not in categories:
            categories[category] = ArticleCategory.objects.create(name=category)
        services.article_save(
            actor=vendor_admin,
            title=title,
            category=categories[category],
            visibility=visibility,
            body=body,
            is_published=True,
        )

    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    for day, kind in enumerate(["installation", "configuration", "training"] * 2, start=2):
        services.slot_publish(
            actor=vendor_support,
            kind=kind,
            starts_at=start + timedelta(days=day),
            duration_minutes=60,
            price=Decimal("120.00"),
        )

    for kind, title, version, name in [
        ("installation_doc", "Installation guide", "", "installation-guide.txt"),
        ("update_doc", "Update notes 7.2", "7.2", "update-notes-7.2.txt"),
        ("software", "POS Server 7.2", "7.2.0", "pos-server-7.2.0.zip"),
    ]:
        services.download_publish(
            actor=vendor_support,
            kind=kind,
            title=title,
            version=version,
            product=products[0],
            file=ContentFile(f"{title}\n".encode(), name=name),
        )
    LicenseKey.objects.create(
        organization=world.reseller,
        product=products[0],
        key="PSRV-7K2Q-91XA-44TD",
        activation_code="ACT-5521-0091",
        seats=10,
    )
