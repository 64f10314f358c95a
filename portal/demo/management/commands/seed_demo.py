"""Demo data of SPEC §8, built through the services so it obeys the same rules as real data."""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.access.figures import everything_changed
from portal.access.registry import area_modules
from portal.accounts.models import User
from portal.team import services
from portal.team import services as team_services
from portal.team.models import BillingSettings, StaffRequest
from portal.tenancy.actor import actor_for
from portal.tenancy.models import (
    CustomerRole,
    Level,
    Membership,
    Organization,
    OrganizationKind,
    VendorRole,
)

DEMO_PASSWORD = "portal-demo-pass"  # noqa: S105 - published demo credential (SPEC §8)
CITIES = [
    ("Warszawa", "00-001"),
    ("Kraków", "30-001"),
    ("Gdańsk", "80-001"),
    ("Wrocław", "50-001"),
    ("Poznań", "60-001"),
    ("Łódź", "90-001"),
    ("Lublin", "20-001"),
    ("Szczecin", "70-001"),
]
NAME_HEADS = [
    "Amber",
    "Baltic",
    "Cedar",
    "Delta",
    "Eagle",
    "Forest",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Krakus",
    "Lotus",
    "Mazur",
    "Nova",
    "Orion",
    "Piast",
    "Quartz",
    "Raven",
    "Sokol",
    "Tatra",
    "Ursa",
    "Vistula",
    "Wawel",
    "Zenit",
]
NAME_TAILS = [
    "Bakery",
    "Logistics",
    "Dental",
    "Print",
    "Foods",
    "Legal",
    "Motors",
    "Studio",
    "Pharmacy",
    "Textiles",
    "Hotels",
    "Clinic",
]
STREETS = ["Długa", "Polna", "Lipowa", "Słoneczna", "Kwiatowa", "Ogrodowa", "Leśna", "Krótka"]
FIRST = [
    "Anna",
    "Piotr",
    "Katarzyna",
    "Tomasz",
    "Magdalena",
    "Paweł",
    "Agnieszka",
    "Michał",
    "Zsófia",
    "Bence",
    "Eszter",
    "Gábor",
    "Ewa",
    "Marek",
    "Julia",
    "Jakub",
]
LAST = [
    "Nowak",
    "Kowalska",
    "Wiśniewski",
    "Wójcik",
    "Kamińska",
    "Lewandowski",
    "Zielińska",
    "Szabó",
    "Kovács",
    "Tóth",
    "Horváth",
    "Mazur",
    "Krawczyk",
    "Dąbrowski",
]


def polish_nip(rng: random.Random) -> str:
    """A random NIP with a valid checksum (python-stdnum validates it elsewhere)."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


class Command(BaseCommand):
    help = "Load the demo organizations, people and logins (password: portal-demo-pass)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if data exists.")
        parser.add_argument(
            "--customers", type=int, default=36, help="Customers of the demo reseller."
        )

    def handle(self, *args, if_empty=False, customers=36, **options):
        if Organization.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already present.")
                return
            self.stderr.write("The database already holds organizations; not seeding twice.")
            return
        with transaction.atomic():
            Seeder(random.Random(42), customers).run()  # noqa: S311 - demo data only
        everything_changed()  # figures a previous database left in the shared cache
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded. Log in with any demo email and the password {DEMO_PASSWORD}."
            )
        )


class Seeder:
    """Builds the demo through the services and is the `world` each area's `demo.seed(world)`
    receives, with: `rng` (random.Random, seeded), `vendor`, `distributor`, `reseller` (Baltic IT
    Solutions), `resellers` (all seven), `distributors`, `customers` (the demo reseller's, oldest
    first), `first_customer` (customer@demo.example's), `member(email)` → Membership, and
    `person(organization, email, role, name=…, activated=True)` to add a login with the demo
    password. Areas seed through their own services."""

    def member(self, email: str):

        return Membership.objects.select_related("user", "organization").get(user__email=email)

    def __init__(self, rng: random.Random, customer_count: int):
        self.rng = rng
        self.customer_count = customer_count
        self.password_hash = make_password(DEMO_PASSWORD)
        self.activated: list[int] = []
        self.people = 0

    def org(self, kind, name, parent, *, tier="", payment_method="", **fields):
        city, postcode = self.rng.choice(CITIES)
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
        defaults = {
            "legal_name": f"{name} sp. z o.o.",
            "tax_id": polish_nip(self.rng),
            "country": "PL",
            "address": f"ul. {self.rng.choice(STREETS)} {self.rng.randint(1, 120)}",
            "city": city,
            "postcode": postcode,
            "phone": f"+48 22 {self.rng.randint(100, 999)} "
            f"{self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
            "email": f"office@{slug}.example",
            "website": f"https://{slug}.example",
        }
        billing = {"payment_method": payment_method}
        if kind in (OrganizationKind.DISTRIBUTOR, OrganizationKind.RESELLER):
            billing.update(
                billing_address=f"{defaults['address']}\n{postcode} {city}",
                billing_email=f"billing@{slug}.example",
            )
        defaults.update(fields)
        return services.organization_create(
            actor=None,
            kind=kind,
            name=name,
            parent=parent,
            tier=tier,
            details=defaults,
            billing=billing,
        )

    def person(self, organization, email, role, *, name=None, activated=True, **extra):
        self.people += 1
        name = name or f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        # The published demo speaks English (the companies are Polish, which would otherwise
        # make every new person Polish); each demo person switches on My profile.
        extra.setdefault("language", "en")
        membership = services.member_add(
            actor=None,
            organization=organization,
            email=email,
            full_name=name,
            role=role,
            job_title=extra.pop("job_title", ""),
            **extra,
        )
        if activated:
            self.activated.append(membership.user_id)
        return membership

    def staff(self, organization, domain, count):
        levels = [Level.MANAGER, Level.SALES, Level.IT, Level.BASIC, Level.SALES, Level.BASIC]
        for i in range(count):
            self.person(organization, f"staff{i + 1}@{domain}", levels[i % len(levels)])

    def run(self):
        vendor = self.org(
            OrganizationKind.VENDOR, "Vendorium Software", None, email="partners@vendorium.example"
        )
        admin = self.person(
            vendor,
            "vendor@demo.example",
            VendorRole.ADMIN,
            name="Victoria Vendor",
            job_title="Channel operations",
        )
        User.objects.filter(pk=admin.user_id).update(is_staff=True, is_superuser=True)
        self.person(
            vendor,
            "support@demo.example",
            VendorRole.SUPPORT,
            name="Sam Support",
            job_title="Support technician",
        )
        self.person(
            vendor,
            "partners@demo.example",
            VendorRole.PARTNER_MANAGER,
            name="Patricia Partner-Manager",
        )
        self.person(vendor, "billing@demo.example", VendorRole.BILLING, name="Bill Ledger")
        self.person(vendor, "content@demo.example", VendorRole.CONTENT, name="Clara Content")

        tiers = Organization.Tier
        distributor = self.org(
            OrganizationKind.DISTRIBUTOR,
            "Central Europe Distribution",
            vendor,
            tier=tiers.GOLD,
            payment_method=BillingSettings.PaymentMethod.DEPOSIT,
        )
        self.person(
            distributor,
            "distributor@demo.example",
            Level.PRIMARY,
            name="Dorota Distributor",
            is_company_manager=True,
            job_title="CEO",
        )
        self.staff(distributor, "ced.example", 4)
        other_distributors = [
            self.org(OrganizationKind.DISTRIBUTOR, name, vendor, tier=tier)
            for name, tier in [
                ("Nordic Channel Partners", tiers.SILVER),
                ("Danube Tech Distribution", tiers.PLATINUM),
            ]
        ]
        for i, dist in enumerate(other_distributors):
            self.person(dist, f"owner@dist{i + 2}.example", Level.PRIMARY, is_company_manager=True)
            self.staff(dist, f"dist{i + 2}.example", 3)

        reseller = self.org(
            OrganizationKind.RESELLER,
            "Baltic IT Solutions",
            distributor,
            tier=tiers.SILVER,
            payment_method=BillingSettings.PaymentMethod.CREDIT_CARD,
        )
        self.person(
            reseller,
            "reseller@demo.example",
            Level.PRIMARY,
            name="Robert Reseller",
            is_company_manager=True,
            job_title="Managing director",
        )
        self.person(
            reseller,
            "manager@demo.example",
            Level.MANAGER,
            name="Monika Manager",
            job_title="Head of sales",
        )
        self.person(
            reseller,
            "sales@demo.example",
            Level.SALES,
            name="Stefan Sales",
            job_title="Account executive",
        )
        self.person(
            reseller,
            "basic@demo.example",
            Level.BASIC,
            name="Beata Basic",
            job_title="Office assistant",
        )
        self.person(
            reseller,
            "it@demo.example",
            Level.IT,
            name="Igor Tech",
            job_title="Implementation engineer",
        )
        former = self.person(reseller, "former@demo.example", Level.SALES, name="Fryderyk Former")
        services.membership_deactivate(actor=None, membership=former)
        newhire = self.person(
            reseller, "newhire@demo.example", Level.BASIC, name="Natalia Newhire", activated=False
        )
        # the outbox is not empty on a fresh demo: her activation email waits there
        services.activation_send(actor=None, membership=newhire)

        resellers = [reseller]
        reseller_specs = [
            ("Vistula Systems", distributor),
            ("Tatra Software House", distributor),
            ("Oresund IT", other_distributors[0]),
            ("Fjord Cloud", other_distributors[0]),
            ("Pannonia Informatika", other_distributors[1]),
            ("Direct Partner Consulting", vendor),
        ]
        for i, (name, parent) in enumerate(reseller_specs):
            other = self.org(
                OrganizationKind.RESELLER,
                name,
                parent,
                tier=tiers.REGISTERED,
                payment_method=self.rng.choice(list(BillingSettings.PaymentMethod)),
            )
            self.person(
                other, f"owner@reseller{i + 2}.example", Level.PRIMARY, is_company_manager=True
            )
            self.staff(other, f"reseller{i + 2}.example", 2 + i % 3)
            resellers.append(other)

        names = [f"{head} {tail}" for head in NAME_HEADS for tail in NAME_TAILS]
        self.rng.shuffle(names)
        first_customer = None
        for i in range(self.customer_count):
            customer = self.org(OrganizationKind.CUSTOMER, names.pop(), reseller)
            first_customer = first_customer or customer
            if i % 3 == 0:
                self.person(customer, f"user{i}@customer{i}.example", CustomerRole.ADMIN)
        for other in resellers[1:]:
            for _ in range(8):
                self.org(OrganizationKind.CUSTOMER, names.pop(), other)

        self.person(
            first_customer,
            "customer@demo.example",
            CustomerRole.ADMIN,
            name="Celina Customer",
            job_title="Office manager",
        )

        self.staff_requests(reseller, admin)
        # one person in two organizations, so the switcher in the top bar shows
        for organization, level in [(reseller, Level.SALES), (resellers[1], Level.MANAGER)]:
            self.person(
                organization,
                "consultant@demo.example",
                level,
                name="Konrad Consultant",
                job_title="Freelance consultant",
            )

        # Each area adds its own demo records (leads, cases, orders…) from its `demo.py`:
        # `seed(world)` receives this seeder as the world (see `area_demos`).
        self.vendor, self.distributor, self.reseller = vendor, distributor, reseller
        self.resellers, self.distributors = resellers, [distributor, *other_distributors]
        self.customers = list(reseller.children.order_by("pk"))
        self.first_customer = first_customer
        for _config, module in area_modules("demo"):
            module.seed(self)

        # Every demo login shares one password: hashing it once keeps seeding fast.
        User.objects.filter(pk__in=self.activated).update(
            password=self.password_hash, activated_at=timezone.now()
        )
        # the copy User.save() would have set (a queryset UPDATE skips it)
        Membership.objects.filter(user__in=self.activated).update(person_activated=True)

    def staff_requests(self, reseller, admin):
        """Two pending requests, one of them filed two weeks ago and so overdue, and one the
        vendor rejected (its email to the requester is in the outbox)."""
        primary = reseller.memberships.get(is_company_manager=True)
        team_services.staff_request_file(
            actor=actor_for(primary),
            full_name="Oskar Overdue",
            email="oskar@baltic-it.example",
            level=Level.SALES,
        )
        StaffRequest.objects.filter(email="oskar@baltic-it.example").update(
            created_at=timezone.now() - timedelta(days=14),
            due_date=timezone.localdate() - timedelta(days=7),
        )
        team_services.staff_request_file(
            actor=actor_for(primary),
            full_name="Paula Pending",
            email="paula@baltic-it.example",
            level=Level.IT,
        )
        rejected = team_services.staff_request_file(
            actor=actor_for(primary),
            full_name="Rafał Rejected",
            email="rafal@baltic-it.example",
            level=Level.SALES,
        )
        team_services.staff_request_reject(
            actor=actor_for(admin),
            staff_request=rejected,
            reason="We already have an account for Rafał under another partner.",
        )
