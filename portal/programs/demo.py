"""Demo records of the reseller program (SPEC §8), built through the services: program terms
accepted by every demo reseller, applications and leads in every state, client registration
links, and change and service requests on a converted account."""

from datetime import timedelta

from django.utils import timezone

from portal.tenancy.actor import actor_for

from . import services
from .models import Lead, ResellerApplication

TERMS = """Reseller program terms

1. The reseller sells the vendor's services to the clients it brings and gives them basic service.
2. Each client is registered once, through the reseller's registration link or the Leads page, with
   complete company data. Until the vendor converts a lead into an account the reseller may correct
   it; afterwards changes are sent to the vendor as change requests.
3. Further services for an existing client (more services, another shop to integrate) are reported
   to the vendor as service requests.
4. The vendor invoices the services of clients that came through the reseller, once or every 1,
   6, 12 or 36 months, and shows the invoices and their payment status in the portal.
"""

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def _nip(rng) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip(NIP_WEIGHTS, digits, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _company(rng, name, city="Warszawa", postcode="00-001", **extra) -> dict:
    slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
    return {
        "company_name": name,
        "tax_id": _nip(rng),
        "country": "PL",
        "address": f"ul. Polna {rng.randint(1, 90)}",
        "city": city,
        "postcode": postcode,
        "contact_name": extra.pop("contact_name", "Jan Kowalski"),
        "email": f"office@{slug}.example",
        "phone": f"+48 22 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        **extra,
    }


def seed(world) -> None:
    rng = world.rng
    vendor = actor_for(world.member("vendor@demo.example"))

    # PROG-3: the terms, accepted by every demo reseller so the demo logins open the portal
    terms = services.terms_publish(actor=vendor, text=TERMS)
    for reseller in world.resellers:
        primary = reseller.memberships.select_related("user", "organization").get(
            is_company_manager=True
        )
        services.terms_accept(actor=actor_for(primary), terms=terms)
        services.registration_link_ensure(actor=None, organization=reseller)

    # PROG-1, PROG-2: applications in every state, one of them overdue
    services.application_submit(
        **_company(rng, "Nowak IT Services", "Kraków", "30-001", contact_name="Anna Nowak"),
        website="https://nowak-it.example",
        message="We install shop software for 40 clients in Małopolska.",
    )
    old = services.application_submit(
        **_company(rng, "Kovács Digital Kft.", contact_name="Gábor Kovács")
        | {"country": "HU", "tax_id": "12892312-2-41", "city": "Budapest", "postcode": "1051"},
        message="Webshop agency in Budapest.",
        language="hu",
    )
    ResellerApplication.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=35),
        due_date=timezone.localdate() - timedelta(days=5),
    )
    accepted = services.application_submit(
        **_company(rng, "Silesia Web Partners", "Katowice", "40-001", contact_name="Ewa Mazur")
    )
    services.application_accept(actor=vendor, application=accepted, parent=world.distributor)
    rejected = services.application_submit(
        **_company(rng, "Quick Cash Ventures", "Łódź", "90-001", contact_name="Marek Szybki")
    )
    services.application_reject(
        actor=vendor,
        application=rejected,
        reason="We could not confirm any experience with online shops.",
    )

    # PROG-4, PROG-5: the demo reseller's leads in every state
    reseller = world.reseller
    link = services.registration_link_ensure(actor=None, organization=reseller)
    primary = actor_for(world.member("reseller@demo.example"))
    sales = actor_for(world.member("sales@demo.example"))
    names = [
        ("Amber Florist", "Gdańsk", "80-001"),
        ("Harbor Bookshop", "Gdynia", "81-001"),
        ("Tatra Outdoor", "Zakopane", "34-500"),
        ("Vistula Coffee", "Warszawa", "00-001"),
        ("Piast Ceramics", "Wrocław", "50-001"),
        ("Orion Optics", "Poznań", "60-001"),
    ]
    leads = []
    for i, (name, city, postcode) in enumerate(names):
        company = _company(rng, name, city, postcode, contact_name=f"Client contact {i + 1}")
        if i % 2:
            leads.append(services.lead_register_public(link=link, **company))
        else:
            leads.append(services.lead_create(actor=sales if i % 4 else primary, **company))
    services.lead_convert(actor=vendor, lead=leads[0])
    services.lead_convert(actor=vendor, lead=leads[1])
    services.lead_reject(
        actor=vendor, lead=leads[2], reason="The client already buys directly from us."
    )
    converted = Lead.objects.get(pk=leads[0].pk)
    services.account_request_file(
        actor=primary,
        lead=converted,
        kind="change",
        changes={"address": "ul. Długa 12", "phone": "+48 58 555 12 34"},
        description="The client moved to a new office.",
    )
    services.account_request_file(
        actor=primary,
        lead=converted,
        kind="service",
        description="The client opens a second web shop and needs it integrated.",
    )
    service = services.account_request_file(
        actor=primary,
        lead=Lead.objects.get(pk=leads[1].pk),
        kind="service",
        description="Add the loyalty-card module.",
    )
    services.account_request_apply(actor=vendor, request=service)

    # another reseller's leads, which the demo reseller never sees
    other = world.resellers[1]
    other_link = services.registration_link_ensure(actor=None, organization=other)
    for name in ("Wawel Tailors", "Zenit Garage"):
        services.lead_register_public(link=other_link, **_company(rng, name, "Kraków", "30-001"))
