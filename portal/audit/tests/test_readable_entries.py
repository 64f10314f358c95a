"""Entries read as sentences in the reader's language, and a save that changed nothing writes
none (issue 10, point 3)."""

from django.utils import translation

from portal.access.policies import Feature
from portal.audit.models import AuditEvent
from portal.profiles import services as profile_services
from portal.team import services
from portal.tenancy.models import Level


def _update(tenant, membership, **changes):
    user = membership.user
    values = {
        "full_name": user.full_name,
        "job_title": user.job_title,
        "phone": user.phone,
        "level": membership.role,
        "features": list(membership.features),
    }
    values.update(changes)
    return services.employee_update(actor=tenant.actor("primary"), membership=membership, **values)


def test_a_level_change_reads_with_the_levels_names_in_the_readers_language(tenant_a, login):
    sales = tenant_a.members["sales"]
    _update(tenant_a, sales, level=Level.IT, features=[Feature.ORDERS])
    event = AuditEvent.objects.filter(verb="employee.updated").latest("id")
    assert "Level: Sales / Designer → IT / Tech support" in event.details
    assert "Feature access" in " ".join(event.details)
    assert "(sales)" not in event.record and " for " not in event.record
    with translation.override("pl"):
        line = next(line for line in event.details if "→" in line and "IT" in line)
        assert str(Level.SALES.label) in line and "Sales / Designer" not in line

    client = login(tenant_a.members["primary"])
    body = client.get("/portal/activity/").content.decode()
    assert "Level: Sales / Designer → IT / Tech support" in body
    assert "(sales)" not in body and "level: sales" not in body


def test_booleans_read_yes_or_no_and_field_names_are_labels(tenant_a):
    actor = tenant_a.actor("basic")
    profile_services.forum_credential_save(actor=actor, username="basic1", password="pw-1234567")
    event = AuditEvent.objects.filter(verb="profile.updated").latest("id")
    assert "Password changed: yes" in event.details and "Part: Forum login" in event.details
    user = actor.user
    profile_services.profile_update(
        actor=actor,
        full_name="Renamed Person",
        job_title=user.job_title,
        phone=user.phone,
        language=user.language,
        date_format=user.date_format,
        time_zone=user.time_zone,
    )
    event = AuditEvent.objects.filter(verb="profile.updated").latest("id")
    assert event.details == ["Part: Personal information", "Changed: full name"]


def test_a_save_that_changes_nothing_writes_no_entry(tenant_a):
    sales = tenant_a.members["sales"]
    before = AuditEvent.objects.count()
    _update(tenant_a, sales)
    actor = tenant_a.actor("basic")
    user = actor.user
    profile_services.profile_update(
        actor=actor,
        full_name=user.full_name,
        job_title=user.job_title,
        phone=user.phone,
        language=user.language,
        date_format=user.date_format,
        time_zone=user.time_zone,
    )
    profile_services.preferences_update(
        actor=actor,
        newsletter=user.newsletter,
        update_notices=user.update_notices,
        case_emails=user.case_emails,
    )
    assert AuditEvent.objects.count() == before
    _update(tenant_a, sales, job_title="Lead designer")
    event = AuditEvent.objects.filter(verb="employee.updated").latest("id")
    assert event.details == ["Job title: — → Lead designer"]


def test_records_written_before_read_as_the_person():
    legacy = AuditEvent(target_repr="Ann Nowak <ann@x.test> @ Alpha (basic)")
    assert legacy.record == "Ann Nowak <ann@x.test>"
    legacy = AuditEvent(target_repr="Ann Nowak <ann@x.test> for Alpha")
    assert legacy.record == "Ann Nowak <ann@x.test>"


def test_verb_labels_and_the_action_filter_follow_the_readers_language():
    from portal.audit.forms import ActivityFilterForm
    from portal.audit.verbs import verb_label

    for language, signed_in in (("en", "Signed in"), ("pl", "Zalogowano"), ("en", "Signed in")):
        with translation.override(language):
            assert verb_label("auth.login") == signed_in
            choices = dict(ActivityFilterForm().fields["verb"].choices)
            assert choices["auth.login"] == signed_in
            labels = [str(label) for value, label in choices.items() if value]
            assert labels == sorted(labels)
    assert verb_label("no.such_verb") == "no.such_verb"
