"""The large size of issue 9 on top of the demo data, for the benchmark (bench/run.py).

`seed_demo` builds the demo through the services (STYLE rule 12); a million rows that way would take
hours, so this command bulk-inserts rows shaped like the services' (same tables, paths, one-to-one
records, verbs, references) and leaves the demo rows as they are:

- 10,000 employees in the demo reseller "Baltic IT Solutions" (logins share the demo password),
- 1,000 partner companies under the distributors, each with a company manager and two staff,
- 100,000 customers in all: 5,000 of the demo reseller, the rest spread over those partners, each
  with its company details and billing settings,
- 5,000 staff requests, 1,000,000 activity entries over two years (most on the demo reseller),
- for My Customers (issue 11): each customer's run-rate row (the orders area's
  `CustomerRunRate`, zero until `seed_large_orders` adds subscriptions and recomputes it from
  them), one in twenty marked inactive, a storefront user on one customer in five of
  the demo reseller, and a reseller "Bulk Trading Reseller" (its owner signs in as
  bulk@bench.example) with 100,000 customers of its own, a storefront user on one in ten, for the
  grid, search and export at that size.

`--scale 0.1` builds a tenth of every figure. Works on SQLite and PostgreSQL.
"""

import random
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from itertools import islice

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from portal.access.policies import default_features
from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.audit.verbs import AuthVerb
from portal.core.jobs import database_settle_after_bulk_load
from portal.core.models import Sequence
from portal.core.sequences import sequence_format
from portal.orders.models import CustomerRunRate
from portal.orders.services import customer_totals_rebuild
from portal.team.models import BillingSettings, CompanyDetails, StaffRequest
from portal.team.verbs import TeamVerb
from portal.tenancy.models import (
    CustomerRole,
    Level,
    Membership,
    Organization,
    OrganizationKind,
    search_folded,
)

from .seed_demo import CITIES, DEMO_PASSWORD, FIRST, LAST, NAME_HEADS, NAME_TAILS, polish_nip

DEMO_RESELLER = "Baltic IT Solutions"
SIZES = {
    "employees": 10_000,
    "partners": 1_000,
    "customers": 100_000,
    "reseller_customers": 5_000,
    "staff_requests": 5_000,
    "events": 1_000_000,
    "bulk_reseller_customers": 100_000,
}
BULK_RESELLER = "Bulk Trading Reseller"
BULK_OWNER = "bulk@bench.example"
BATCH = 2_000
# Shares of the activity entries on the demo reseller's own organization and on the vendor's.
RESELLER_EVENT_SHARE = 0.6
VENDOR_EVENT_SHARE = 0.1
EMPLOYEE_LEVELS = [Level.BASIC, Level.SALES, Level.IT, Level.SALES, Level.BASIC, Level.MANAGER]
EVENT_VERBS = [
    TeamVerb.MEMBERSHIP_CREATED,
    TeamVerb.EMPLOYEE_UPDATED,
    TeamVerb.MEMBERSHIP_DEACTIVATED,
    TeamVerb.ACTIVATION_SENT,
    TeamVerb.COMPANY_INFO_UPDATED,
    TeamVerb.STAFF_REQUEST_FILED,
    AuthVerb.LOGIN,
    AuthVerb.LOGOUT,
    AuthVerb.LOGIN_FAILED,
]


def batched(items: Iterable, size: int = BATCH) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@contextmanager
def explicit_created_at(*model_classes: type[models.Model]):
    """Let bulk_create keep the `created_at` we give (spread over time) instead of "now"."""
    fields = [model._meta.get_field("created_at") for model in model_classes]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


class Command(BaseCommand):
    help = "Bulk-insert the large benchmark size (issue 9) on top of the demo data (seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the large size (0.1: a tenth)."
        )
        parser.add_argument("--seed", type=int, default=42, help="Random seed.")

    def handle(self, *args, scale=1.0, seed=42, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        reseller = Organization.objects.filter(
            kind=OrganizationKind.RESELLER, name=DEMO_RESELLER
        ).first()
        if reseller is None:
            raise CommandError(f"No {DEMO_RESELLER!r}: run `manage.py seed_demo` first.")
        if User.objects.filter(email__endswith="@staff.baltic.bench.example").exists():
            raise CommandError("The large data is already here; start from a fresh database.")
        sizes = {name: max(1, round(count * scale)) for name, count in SIZES.items()}
        self.stdout.write(f"Seeding {', '.join(f'{k}={v:,}' for k, v in sizes.items())}")
        LargeSeeder(self, random.Random(seed), reseller, sizes).run()  # noqa: S311 - bench data


class LargeSeeder:
    def __init__(self, command, rng: random.Random, reseller: Organization, sizes: dict[str, int]):
        self.command = command
        self.rng = rng
        self.reseller = reseller
        self.sizes = sizes
        self.now = timezone.now()
        self.password_hash = make_password(DEMO_PASSWORD)  # hashed once, shared by every login
        self.vendor = Organization.objects.get(kind=OrganizationKind.VENDOR)
        self.serial = 0  # numbers the organizations' email and web addresses

    def run(self):
        started = time.monotonic()
        partners = self.step("partner companies", self.partner_companies)
        primaries = self.step("partner staff", self.partner_staff, partners)
        employees = self.step("demo reseller employees", self.reseller_employees)
        self.step("customers", self.customers, partners)
        self.step("bulk reseller and its customers", self.bulk_reseller)
        self.step("customer totals", customer_totals_rebuild)
        self.step("program terms accepted", accept_current_terms)
        self.step("staff requests", self.staff_requests, partners, primaries)
        self.step("activity entries", self.events, partners, employees)
        # outside `step`: VACUUM cannot run in its transaction
        started_settling = time.monotonic()
        database_settle_after_bulk_load()
        self.command.stdout.write(f"  analyze: {time.monotonic() - started_settling:.1f}s")
        self.command.stdout.write(
            self.command.style.SUCCESS(f"Large data loaded in {time.monotonic() - started:.1f}s.")
        )

    def step(self, label: str, function, *args):
        started = time.monotonic()
        with transaction.atomic():
            result = function(*args)
        self.command.stdout.write(f"  {label}: {time.monotonic() - started:.1f}s")
        return result

    # Organizations ---------------------------------------------------------------------------

    def organizations(
        self, kind: str, rows: list[tuple[Organization, str, str]], *, accounts: bool = False
    ) -> list[Organization]:
        """Insert (parent, name, tier) rows of one kind with their one-to-one records and paths."""
        created: list[Organization] = []
        details: list[CompanyDetails] = []
        for chunk in batched(rows):
            # Each one's details are drawn before its row is written, so that the row carries
            # the search copy CompanyDetails.save keeps: an UPDATE of every row afterwards would
            # leave the table with one more dead version of each.
            drawn = [self.details(name) for _parent, name, _tier in chunk]
            created += Organization.objects.bulk_create(
                [
                    Organization(
                        kind=kind,
                        parent=parent,
                        name=name,
                        tier=tier,
                        path="",
                        search_name=search_folded(name),
                        search_details=record.search_text(),
                    )
                    for (parent, name, tier), record in zip(chunk, drawn, strict=True)
                ]
            )
            details += drawn
        if any(org.pk is None for org in created):
            raise CommandError("The database did not return the new keys (SQLite ≥ 3.35 needed).")
        # The path is the parent's plus the new key (Organization.assign_path), one UPDATE per
        # parent: the parents' paths are known.
        for parent in {parent.pk: parent for parent, _name, _tier in rows}.values():
            Organization.objects.filter(parent=parent, path="").update(
                path=Concat(Value(parent.path), Cast("pk", CharField()), Value("/"))
            )
        for org in created:
            org.path = f"{org.parent.path}{org.pk}/"
        for org, record in zip(created, details, strict=True):
            record.organization = org
        for chunk, records in zip(batched(created), batched(details), strict=True):
            CompanyDetails.objects.bulk_create(records)
            BillingSettings.objects.bulk_create([self.billing(org) for org in chunk])
            if accounts:
                CustomerRunRate.objects.bulk_create(
                    [CustomerRunRate(customer=org) for org in chunk]
                )
        if accounts:  # one in twenty inactive (the grid's filter), as the customers area does it
            inactive = [org.pk for org in created if org.pk % 20 == 7]
            for chunk in batched(inactive):
                Organization.objects.filter(pk__in=chunk).update(is_active=False)
        return created

    def details(self, name: str) -> CompanyDetails:
        """An organization's details, its key set once its row is written."""
        city, postcode = self.rng.choice(CITIES)
        self.serial += 1
        slug = f"org{self.serial}"
        return CompanyDetails(
            legal_name=f"{name} sp. z o.o.",
            tax_id=polish_nip(self.rng),
            country="PL",
            address=f"ul. Długa {self.rng.randint(1, 120)}",
            city=city,
            postcode=postcode,
            email=f"office@{slug}.example",
            website=f"https://{slug}.example",
        )

    def billing(self, org: Organization) -> BillingSettings:
        if org.kind == OrganizationKind.CUSTOMER:
            return BillingSettings(organization=org)
        return BillingSettings(
            organization=org,
            billing_email=f"billing@org{org.pk}.example",
            payment_method=self.rng.choice(list(BillingSettings.PaymentMethod)),
        )

    def partner_companies(self) -> list[Organization]:
        distributors = list(
            Organization.objects.filter(kind=OrganizationKind.DISTRIBUTOR).order_by("pk")
        )
        tiers = list(Organization.Tier)
        rows = [
            (
                distributors[i % len(distributors)],
                f"{self.rng.choice(NAME_HEADS)} {self.rng.choice(NAME_TAILS)} Partners {i + 1}",
                self.rng.choice(tiers),
            )
            for i in range(self.sizes["partners"])
        ]
        return self.organizations(OrganizationKind.RESELLER, rows)

    def customers(self, partners: list[Organization]) -> None:
        own = self.sizes["reseller_customers"]
        others = max(0, self.sizes["customers"] - own)
        rows = [(self.reseller, self.company_name(i), "") for i in range(own)]
        rows += [
            (partners[i % len(partners)], self.company_name(own + i), "") for i in range(others)
        ]
        created = self.organizations(OrganizationKind.CUSTOMER, rows, accounts=True)
        own_customers = [org for org in created if org.parent_id == self.reseller.pk]
        self.storefront_users(own_customers[::5], "baltic")

    def bulk_reseller(self) -> None:
        distributor = self.reseller.parent
        (bulk,) = self.organizations(
            OrganizationKind.RESELLER, [(distributor, BULK_RESELLER, Organization.Tier.GOLD)]
        )
        self.people([(bulk, BULK_OWNER, Level.PRIMARY, True, True, True)])
        count = self.sizes["bulk_reseller_customers"]
        rows = [(bulk, self.company_name(i), "") for i in range(count)]
        created = self.organizations(OrganizationKind.CUSTOMER, rows, accounts=True)
        self.storefront_users(created[::10], "bulk")

    def storefront_users(self, customers: list[Organization], label: str) -> None:
        """One storefront user per customer (an account administrator), most of them activated."""
        rows = []
        for i, org in enumerate(customers):
            activated = i % 7 != 3
            email = f"user{org.pk}@{label}.store.bench.example"
            rows.append((org, email, CustomerRole.ADMIN, False, True, activated))
        self.people(rows, features=False)

    def company_name(self, i: int) -> str:
        return f"{self.rng.choice(NAME_HEADS)} {self.rng.choice(NAME_TAILS)} {i + 1}"

    # People ------------------------------------------------------------------------------------

    def people(
        self, rows: list[tuple[Organization, str, str, bool, bool, bool]], *, features: bool = True
    ) -> list:
        """Insert (organization, email, level, company manager, active, activated) rows as logins
        and memberships; returns the memberships."""
        memberships: list[Membership] = []
        for chunk in batched(rows):
            users = User.objects.bulk_create(
                [
                    User(
                        email=email,
                        full_name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
                        password=self.password_hash if activated else "!",
                        activated_at=self.now if activated else None,
                        is_active=active,
                    )
                    for _org, email, _level, _manager, active, activated in chunk
                ]
            )
            memberships += Membership.objects.bulk_create(
                [
                    Membership(
                        user=user,
                        # bulk_create skips Membership.save()
                        person_name=user.full_name,
                        person_activated=user.activated_at is not None,
                        organization=org,
                        role=level,
                        features=default_features(level) if features else [],
                        is_company_manager=manager,
                        is_active=active,
                        deactivated_at=None if active else self.now,
                    )
                    for user, (org, _email, level, manager, active, _activated) in zip(
                        users, chunk, strict=True
                    )
                ]
            )
        return memberships

    def partner_staff(self, partners: list[Organization]) -> dict[int, Membership]:
        rows = []
        for org in partners:
            domain = f"org{org.pk}.bench.example"
            rows.append((org, f"owner@{domain}", Level.PRIMARY, True, True, True))
            rows.append((org, f"sales@{domain}", Level.SALES, False, True, True))
            rows.append((org, f"basic@{domain}", Level.BASIC, False, True, True))
        memberships = self.people(rows)
        return {m.organization_id: m for m in memberships if m.is_company_manager}

    def reseller_employees(self) -> list[Membership]:
        rows = []
        for i in range(self.sizes["employees"]):
            active = i % 20 != 7  # one in twenty deactivated
            activated = i % 33 != 5  # a few never followed their activation link
            level = EMPLOYEE_LEVELS[i % len(EMPLOYEE_LEVELS)]
            email = f"employee{i + 1}@staff.baltic.bench.example"
            rows.append((self.reseller, email, level, False, active, activated))
        return self.people(rows)

    # Staff requests and activity -------------------------------------------------------------

    def staff_requests(self, partners: list[Organization], primaries: dict[int, Membership]):
        year = timezone.localdate().year
        sequence, _created = Sequence.objects.get_or_create(name="staff_request", year=year)
        vendor_admin = User.objects.get(email="vendor@demo.example")
        reseller_primary = self.reseller.memberships.get(is_company_manager=True)
        statuses = [StaffRequest.Status.PENDING] + [StaffRequest.Status.APPROVED] * 2
        statuses += [StaffRequest.Status.REJECTED]
        count = self.sizes["staff_requests"]
        rows = []
        start_of_year = self.now.replace(month=1, day=1, hour=0, minute=0, second=0)
        for i in range(count):
            # One in five for the demo reseller, the rest from the generated partners.
            requester = (
                reseller_primary if i % 5 == 0 else primaries[partners[i % len(partners)].pk]
            )
            created_at = max(
                start_of_year, self.now - timedelta(minutes=self.rng.randint(60, 60 * 24 * 60))
            )
            status = statuses[i % len(statuses)]
            decided = status != StaffRequest.Status.PENDING
            rows.append(
                StaffRequest(
                    reference=sequence_format("SR", year, sequence.last_value + i + 1),
                    organization_id=requester.organization_id,
                    requested_by_id=requester.user_id,
                    full_name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
                    email=f"candidate{i + 1}@requests.bench.example",
                    level=self.rng.choice([Level.BASIC, Level.SALES, Level.IT]),
                    status=status,
                    due_date=(created_at + timedelta(days=7)).date(),
                    decided_by=vendor_admin if decided else None,
                    decided_at=created_at + timedelta(days=2) if decided else None,
                    rejection_reason="Not a partner employee."
                    if status == StaffRequest.Status.REJECTED
                    else "",
                    created_at=created_at,
                )
            )
        with explicit_created_at(StaffRequest):
            for chunk in batched(rows):
                StaffRequest.objects.bulk_create(chunk)
        Sequence.objects.filter(pk=sequence.pk).update(last_value=sequence.last_value + count)

    def events(self, partners: list[Organization], employees: list[Membership]) -> None:
        count = self.sizes["events"]
        vendor_staff = list(
            Membership.objects.filter(organization=self.vendor).select_related("user")
        )
        managers = [m for m in employees if m.role == Level.MANAGER] or employees
        reseller_actors = [(m.user_id, m.user.email) for m in managers[:50]]
        vendor_actors = [(m.user_id, m.user.email) for m in vendor_staff]
        # Entries are written oldest first, evenly over two years up to an hour ago.
        first = self.now - timedelta(days=730)
        step = (timedelta(days=730) - timedelta(hours=1)) / count
        rng = self.rng

        def event(i: int) -> AuditEvent:
            draw = rng.random()
            if draw < RESELLER_EVENT_SHARE:
                organization_id, (actor_id, email) = self.reseller.pk, rng.choice(reseller_actors)
            elif draw < RESELLER_EVENT_SHARE + VENDOR_EVENT_SHARE:
                organization_id, (actor_id, email) = self.vendor.pk, rng.choice(vendor_actors)
            else:
                organization_id, actor_id, email = rng.choice(partners).pk, None, ""
            target = rng.choice(employees)
            return AuditEvent(
                created_at=first + step * i,
                actor_id=actor_id,
                actor_email=email,
                organization_id=organization_id,
                verb=rng.choice(EVENT_VERBS),
                target_type="tenancy.membership",
                target_id=str(target.pk),
                target_repr=f"employee {target.pk}",
                data={"role": target.role},
                ip_address=f"10.{i % 250}.{i // 250 % 250}.{i % 199 + 1}",
            )

        with explicit_created_at(AuditEvent):
            for chunk in batched(range(count), 5_000):
                AuditEvent.objects.bulk_create([event(i) for i in chunk], batch_size=BATCH)


def accept_current_terms() -> None:
    """The generated resellers' Primaries accepted the current program terms, as the demo
    resellers did: otherwise the terms gate answers every one of their pages with a redirect."""
    from portal.programs.models import ProgramTerms, TermsAcceptance

    terms = ProgramTerms.objects.order_by("-version").first()
    if terms is None:
        return
    done = set(TermsAcceptance.objects.filter(terms=terms).values_list("organization", flat=True))
    owners = (
        Membership.objects.filter(
            organization__kind="reseller", is_company_manager=True, is_active=True
        )
        .exclude(organization__in=done)
        .values_list("organization_id", "user_id")
    )
    TermsAcceptance.objects.bulk_create(
        [
            TermsAcceptance(organization_id=org, terms=terms, accepted_by_id=user)
            for org, user in owners
        ],
        batch_size=2000,
    )
