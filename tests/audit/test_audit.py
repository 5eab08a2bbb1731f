"""The audit trail: append-only, visible by role, searchable, exportable (and audited)."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from vigil.audit.actions import ACTIONS
from vigil.audit.models import AuditEvent
from vigil.audit.services import audit_log


def test_an_event_records_actor_action_subject_detail_and_origin(manager, login_as) -> None:
    client = login_as(manager)
    client.get("/", HTTP_USER_AGENT="pytest-agent", REMOTE_ADDR="10.1.2.3")
    event = audit_log(
        actor=manager,
        action="user.changed",
        subject_type="user",
        subject_ref="someone",
        detail={"a": 1},
        reason="because",
    )
    assert event.actor_username == "manager"
    assert event.actor_force_id == manager.unit.force_id
    assert event.actor_unit_id == manager.unit_id
    assert event.detail == {"a": 1}


def test_the_request_origin_is_stamped_on_events_written_during_a_request(client, manager) -> None:
    client.post(
        "/sign-in/",
        {"username": "manager", "password": "wrong-password-123"},
        HTTP_USER_AGENT="pytest-agent",
        REMOTE_ADDR="10.1.2.3",
    )
    event = AuditEvent.objects.get(action="auth.sign_in.failed")
    assert event.client_ip == "10.1.2.3"
    assert event.user_agent == "pytest-agent"
    assert event.request_id


def test_a_forged_forwarded_for_header_is_ignored_unless_a_proxy_is_trusted(
    client, manager, settings
) -> None:
    client.post(
        "/sign-in/",
        {"username": "x", "password": "y"},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert AuditEvent.objects.get(action="auth.sign_in.failed").client_ip == "10.0.0.9"
    settings.VIGIL_TRUSTED_PROXY_COUNT = 1
    client.post(
        "/sign-in/",
        {"username": "z", "password": "y"},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7",
    )
    assert AuditEvent.objects.get(actor_username="z").client_ip == "192.0.2.7"


def test_unregistered_action_codes_are_refused(manager) -> None:
    with pytest.raises(ValueError, match="unregistered audit action"):
        audit_log(actor=manager, action="made.up")


def test_every_registered_action_reads_as_a_sentence() -> None:
    for code, sentence in ACTIONS.items():
        assert "." in code
        assert sentence and sentence[0].islower(), code


def test_events_cannot_be_changed_or_deleted_through_the_model(manager) -> None:
    event = audit_log(actor=manager, action="user.changed")
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET reason = 'rewritten'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_postgresql_refuses_update_and_delete_of_audit_rows(manager, sql) -> None:
    audit_log(actor=manager, action="user.changed")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.filter(reason="rewritten").count() == 0
    assert AuditEvent.objects.count() == 1


def test_a_supervisor_sees_their_units_events_only(
    supervisor, manager, sibling_manager, outsider, login_as
) -> None:
    audit_log(actor=manager, action="user.changed", subject_ref="mine")
    audit_log(actor=sibling_manager, action="user.changed", subject_ref="sibling-unit")
    audit_log(actor=outsider, action="user.changed", subject_ref="other-force")
    refs = set(AuditEvent.objects.visible_to(supervisor).values_list("subject_ref", flat=True))
    assert "mine" in refs
    assert "sibling-unit" not in refs
    assert "other-force" not in refs


def test_a_register_administrator_sees_their_forces_events(
    admin, sibling_manager, outsider
) -> None:
    audit_log(actor=sibling_manager, action="user.changed", subject_ref="sibling-unit")
    audit_log(actor=outsider, action="user.changed", subject_ref="other-force")
    refs = set(AuditEvent.objects.visible_to(admin).values_list("subject_ref", flat=True))
    assert refs >= {"sibling-unit"}
    assert "other-force" not in refs


def test_a_system_administrator_sees_everything_and_an_officer_nothing(
    sysadmin, manager, outsider
) -> None:
    audit_log(actor=outsider, action="user.changed", subject_ref="other-force")
    assert AuditEvent.objects.visible_to(sysadmin).filter(subject_ref="other-force").exists()
    assert not AuditEvent.objects.visible_to(manager).exists()


def test_the_audit_page_filters_by_person_subject_action_and_date(
    supervisor, manager, colleague, login_as
) -> None:
    audit_log(actor=manager, action="user.changed", subject_type="user", subject_ref="alpha")
    audit_log(actor=colleague, action="user.disabled", subject_type="user", subject_ref="beta")
    client = login_as(supervisor)
    page = client.get(reverse("audit:list"), {"person": "manager"}).content.decode()
    assert "alpha" in page and "beta" not in page
    page = client.get(reverse("audit:list"), {"subject": "beta"}).content.decode()
    assert "beta" in page and "alpha" not in page
    page = client.get(reverse("audit:list"), {"action": "user.disabled"}).content.decode()
    assert "beta" in page and "alpha" not in page
    page = client.get(
        reverse("audit:list"), {"date_from": "2000-01-01", "date_to": "2000-01-02"}
    ).content.decode()
    assert "No events match" in page
    searched = AuditEvent.objects.filter(action="audit.viewed", actor=supervisor)
    assert searched.filter(detail__person="manager").exists()


def test_bad_audit_filter_dates_are_explained_not_a_crash(supervisor, login_as) -> None:
    client = login_as(supervisor)
    response = client.get(reverse("audit:list"), {"date_from": "yesterday"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Enter the &#x27;from&#x27; date as year-month-day" in response.content.decode()
    response = client.get(
        reverse("audit:list"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert "must be on or after" in response.content.decode()
    assert client.get(reverse("audit:list"), {"page": "banana"}).status_code == 200


def test_the_csv_export_holds_the_filtered_events_and_is_itself_audited(
    supervisor, manager, login_as
) -> None:
    audit_log(actor=manager, action="user.changed", subject_ref="alpha", reason="=cmd|x")
    client = login_as(supervisor)
    response = client.get(reverse("audit:export"), {"person": "manager"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["time", "person", "action"]
    body = [r for r in rows[1:] if r[5] == "alpha"]
    assert len(body) == 1
    assert body[0][6] == "'=cmd|x"  # a spreadsheet formula is neutralised
    assert AuditEvent.objects.filter(action="export.audit.csv", actor=supervisor).exists()


def test_the_audit_page_query_count_does_not_grow_with_rows(
    supervisor, manager, login_as, django_assert_max_num_queries
) -> None:
    client = login_as(supervisor)
    for i in range(3):
        audit_log(actor=manager, action="user.changed", subject_ref=f"r{i}")
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("audit:list"))
    for i in range(40):
        audit_log(actor=manager, action="user.changed", subject_ref=f"s{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("audit:list"))


def test_failed_sign_ins_on_an_account_are_visible_to_its_forces_administrator(
    client, admin, manager, other_admin
) -> None:
    client.post("/sign-in/", {"username": "manager", "password": "wrong-password-123"})
    assert AuditEvent.objects.visible_to(admin).filter(action="auth.sign_in.failed").exists()
    assert (
        not AuditEvent.objects.visible_to(other_admin).filter(action="auth.sign_in.failed").exists()
    )
