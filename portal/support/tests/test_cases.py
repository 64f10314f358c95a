"""Cases (SUP-1..4): references, visibility by level, emails to the right people, internal notes,
phone cases, attachments, the waiting reminder."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.core.exceptions import DomainError
from portal.core.periodic import run_due_jobs
from portal.demo.testing import make_tenant
from portal.mail.models import OutboundEmail
from portal.support import services
from portal.support.models import Case, CaseAttachment
from portal.support.selectors import case_conversation, case_list

from .conftest import new_case, pdf, phone_case

REFERENCE = re.compile(r"^CASE-\d{4}-\d{6}$")


def _mail_to(email):
    return list(OutboundEmail.objects.filter(to=email).order_by("pk"))


def test_a_case_gets_a_sequential_reference_and_the_creator_an_email_with_the_link(tenant_a):
    first = new_case(tenant_a)
    second = new_case(tenant_a, "sales")
    assert REFERENCE.match(first.reference)
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1
    [mail] = _mail_to(tenant_a.members["basic"].user.email)
    assert first.reference in mail.subject and first.reference in mail.body_text
    assert f"/portal/support/cases/{first.pk}/" in mail.body_text


def test_a_refused_case_gives_its_number_back(tenant_a):
    first = new_case(tenant_a)
    with pytest.raises(DomainError):
        new_case(tenant_a, files=[SimpleUploadedFile("evil.html", b"<script>")])
    second = new_case(tenant_a)
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1
    assert Case.objects.count() == 2


# level × whose case → sees it?
VISIBILITY = [
    ("basic", "own", True),
    ("basic", "colleague", False),
    ("basic", "phone", False),
    ("basic", "other_company", False),
    ("sales", "own", True),
    ("sales", "colleague", False),
    ("sales", "phone", False),
    ("it", "own", True),
    ("it", "colleague", False),
    ("manager", "own", True),
    ("manager", "colleague", True),
    ("manager", "phone", False),
    ("manager", "other_company", False),
    ("primary", "own", True),
    ("primary", "colleague", True),
    ("primary", "phone", False),
    ("primary", "other_company", False),
]


@pytest.mark.parametrize(("level", "whose", "sees"), VISIBILITY)
def test_visibility_by_level_in_lists_pages_and_files(
    tenant_a, tenant_b, tech, login, level, whose, sees
):
    file = [pdf()]
    case = {
        "own": lambda: new_case(tenant_a, level, files=file),
        "colleague": lambda: new_case(tenant_a, "sales" if level != "sales" else "it", files=file),
        "phone": lambda: phone_case(tenant_a, tech),
        "other_company": lambda: new_case(tenant_b, "basic", files=file),
    }[whose]()
    actor = tenant_a.actor(level)
    assert case_list(actor=actor).filter(pk=case.pk).exists() is sees
    client = login(tenant_a.members[level])
    listing = client.get("/portal/support/?show=all").content.decode()
    assert (case.reference in listing) is sees
    expected = 200 if sees else 404
    assert client.get(f"/portal/support/cases/{case.pk}/").status_code == expected
    attachment = CaseAttachment.objects.filter(case=case).first()
    if attachment:
        url = f"/portal/support/cases/{case.pk}/files/{attachment.pk}/"
        assert client.get(url).status_code == expected
    response = client.post(f"/portal/support/cases/{case.pk}/", {"body": "More"})
    assert response.status_code == (302 if sees else 404)
    assert client.post(f"/portal/support/cases/{case.pk}/follow/", {"follow": "1"}).status_code == (
        302 if sees else 404
    )


def test_a_phone_case_is_on_the_desk_but_nowhere_in_the_portal(tenant_a, tech, login):
    case = phone_case(tenant_a, tech)
    client = login(tenant_a.members["primary"])
    for url in (
        "/portal/support/",
        "/portal/support/?show=all",
        "/portal/support/?q=Phone",
        "/portal/",
    ):
        assert case.reference not in client.get(url).content.decode(), url
    assert client.get(f"/portal/support/cases/{case.pk}/").status_code == 404
    assert case_list(actor=tech).filter(pk=case.pk).exists()
    # the caller (a manager) is not emailed about a case they cannot open
    services.case_reply(actor=tech, case=case, body="Fixed on the call.")
    assert not _mail_to(tenant_a.members["manager"].user.email)


def test_a_partner_update_emails_the_assigned_technician_with_the_link(tenant_a, tech):
    case = new_case(tenant_a)
    services.case_update(actor=tenant_a.actor("basic"), case=case, body="Before assignment")
    assert not _mail_to(tech.user.email)
    services.case_assign(actor=tech, case=case, assignee=tech.user)
    services.case_update(actor=tenant_a.actor("basic"), case=case, body="The log is attached")
    [mail] = _mail_to(tech.user.email)
    assert "The log is attached" in mail.body_text
    assert f"/console/support/cases/{case.pk}/" in mail.body_text


def test_assigning_to_a_colleague_emails_them(tenant_a, tech, other_tech):
    case = new_case(tenant_a)
    services.case_assign(actor=tech, case=case, assignee=other_tech.user)
    case.refresh_from_db()
    assert case.assignee == other_tech.user and case.status == Case.Status.ASSIGNED
    [mail] = _mail_to(other_tech.user.email)
    assert case.reference in mail.subject


def test_assigning_to_someone_outside_the_desk_is_refused(tenant_a, tech):
    case = new_case(tenant_a)
    with pytest.raises(DomainError):
        services.case_assign(actor=tech, case=case, assignee=tenant_a.members["primary"].user)


def test_a_vendor_reply_emails_creator_and_followers_not_others(tenant_a, tech):
    case = new_case(tenant_a)
    services.case_follow(actor=tenant_a.actor("manager"), case=case, follow=True)
    OutboundEmail.objects.all().delete()
    services.case_reply(actor=tech, case=case, body="Please restart the service.")
    recipients = set(OutboundEmail.objects.values_list("to", flat=True))
    assert recipients == {
        tenant_a.members["basic"].user.email,
        tenant_a.members["manager"].user.email,
    }
    mail = OutboundEmail.objects.first()
    assert "Please restart the service." in mail.body_text
    assert f"/portal/support/cases/{case.pk}/" in mail.body_text


def test_internal_notes_are_never_shown_or_emailed_to_partners(tenant_a, tech, login):
    case = new_case(tenant_a)
    OutboundEmail.objects.all().delete()
    services.case_reply(
        actor=tech, case=case, body="SECRET-NOTE customer is difficult", internal=True
    )
    services.case_reply(actor=tech, case=case, body="Public answer")
    assert "SECRET-NOTE" not in " ".join(OutboundEmail.objects.values_list("body_text", flat=True))
    for level in ("basic", "primary"):
        page = login(tenant_a.members[level]).get(f"/portal/support/cases/{case.pk}/")
        body = page.content.decode()
        assert "Public answer" in body if level == "basic" else True
        assert "SECRET-NOTE" not in body
    bodies = [m.body for m in case_conversation(actor=tenant_a.actor("primary"), case=case)]
    assert bodies == ["Public answer"]
    assert len(case_conversation(actor=tech, case=case)) == 2


def test_partners_cannot_write_internal_notes(tenant_a):
    case = new_case(tenant_a)
    with pytest.raises(PermissionDenied):
        services.case_reply(actor=tenant_a.actor("primary"), case=case, body="x", internal=True)


def test_a_partner_answer_takes_the_case_out_of_waiting(tenant_a, tech):
    case = new_case(tenant_a)
    services.case_reply(actor=tech, case=case, body="Send the log", status=Case.Status.WAITING)
    case.refresh_from_db()
    assert case.status == Case.Status.WAITING and case.waiting_since
    services.case_update(actor=tenant_a.actor("basic"), case=case, body="Here")
    case.refresh_from_db()
    assert case.status == Case.Status.ASSIGNED and case.waiting_since is None


def test_a_closed_case_takes_no_updates(tenant_a, tech):
    case = new_case(tenant_a)
    services.case_set_status(actor=tech, case=case, status=Case.Status.CLOSED)
    with pytest.raises(DomainError):
        services.case_update(actor=tenant_a.actor("basic"), case=case, body="Again")


def test_the_waiting_reminder_goes_out_after_7_days_once(tenant_a, tech):
    case = new_case(tenant_a)
    services.case_reply(actor=tech, case=case, body="Send the log", status=Case.Status.WAITING)
    OutboundEmail.objects.all().delete()
    now = timezone.now()
    run_due_jobs(now + timedelta(days=6))
    assert not OutboundEmail.objects.exists()
    run_due_jobs(now + timedelta(days=7, hours=1))
    [mail] = OutboundEmail.objects.all()
    assert mail.to == tenant_a.members["basic"].user.email
    assert f"/portal/support/cases/{case.pk}/" in mail.body_text
    run_due_jobs(now + timedelta(days=8, hours=1))
    assert OutboundEmail.objects.count() == 1


# ------------------------------------------------------------------------------ bad input


def test_empty_subject_and_description_are_refused_at_the_field_and_input_kept(tenant_a, login):
    client = login(tenant_a.members["basic"])
    response = client.post(
        "/portal/support/new/", {"subject": "", "description": "", "severity": "high"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"subject", "description"}
    assert 'value="high" selected' in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("page.html", b"<script>alert(1)</script>", "not accepted"),
        ("fake.pdf", b"MZ\x90\x00 an exe", "not the kind of file"),
        ("big.pdf", b"%PDF" + b"x" * 2048, "larger than"),
    ],
)
def test_a_bad_attachment_is_refused_at_the_field_and_nothing_saved(
    tenant_a, login, settings, name, body, message
):
    settings.PORTAL_SUPPORT_ATTACHMENT_MAX_BYTES = 1024
    client = login(tenant_a.members["basic"])
    response = client.post(
        "/portal/support/new/",
        {
            "subject": "Kept subject",
            "description": "Kept text",
            "severity": "normal",
            "files": [SimpleUploadedFile(name, body)],
        },
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["files"])
    assert "Kept subject" in response.content.decode()
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()


def test_an_attachment_is_stored_under_a_random_name_and_served_privately(tenant_a, login):
    case = new_case(tenant_a, files=[pdf("screen shot.pdf")])
    attachment = case.attachments.get()
    assert "screen" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    response = login(tenant_a.members["basic"]).get(
        f"/portal/support/cases/{case.pk}/files/{attachment.pk}/"
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_attachment_url_with_another_cases_id_is_404(tenant_a, login):
    mine = new_case(tenant_a, files=[pdf()])
    colleague = new_case(tenant_a, "sales", files=[pdf()])
    other_file = colleague.attachments.get()
    client = login(tenant_a.members["basic"])
    assert client.get(f"/portal/support/cases/{mine.pk}/files/{other_file.pk}/").status_code == 404


def test_a_member_without_the_support_feature_has_no_menu_and_403(tenant_a, login):
    membership = tenant_a.members["sales"]
    membership.features = [f for f in membership.features if f != "support"]
    membership.save()
    client = login(membership)
    home = client.get("/portal/").content.decode()
    assert 'href="/portal/support/"' not in home
    assert "/portal/support/sessions/" not in home
    assert "/portal/support/downloads/" in home  # documents are for every portal account
    for url in ("/portal/support/", "/portal/support/new/", "/portal/support/sessions/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/kb/").status_code == 200


def test_another_companys_member_is_refused_by_the_service_too(tenant_a):
    other = make_tenant("Gamma Resale", customers=0)
    case = new_case(tenant_a)
    with pytest.raises(PermissionDenied):
        services.case_update(actor=other.actor("primary"), case=case, body="x")
