"""What a mirror is sent: both signatures while its secret rotates, the page for html mirrors, each event."""

from __future__ import annotations

import json

from click.testing import CliRunner

from services.cli import main
from services.publish import dispatch, mirrors
from shared.db import session_scope
from shared.models import Delivery
from shared.signing import verify
from tests.publish.conftest import KYIV, publish

OLD = "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ="
NEW = "whsec_bmV3c2VjcmV0bmV3c2VjcmV0bmV3c2VjcmV0"
URL = "http://127.0.0.1:9/push"


def _prepared(article_id: str) -> dispatch.Request:
    with session_scope() as session:
        delivery_id = session.query(Delivery.id).filter_by(article_id=article_id).scalar()
        request = dispatch.prepare(session, delivery_id)
    assert request is not None
    return request


def test_rotate_secret_command_keeps_the_old_secret_signing_beside_the_new(database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Given a mirror with a secret its receiver knows
    monkeypatch.setenv("NEWSFLOW_OUTBOUND_ALLOWLIST", "127.0.0.1")
    runner = CliRunner()
    assert runner.invoke(main, ["mirrors", "add", "m1", URL, "--secret", OLD]).exit_code == 0
    # When the operator rotates it
    rotated = runner.invoke(main, ["mirrors", "rotate-secret", "m1", "--secret", NEW])
    assert rotated.exit_code == 0, rotated.output
    with session_scope() as session:
        published = publish(session, "g1", "Kyiv tram depot modernised", KYIV)
    # Then a delivery verifies with either secret, so the receiver can switch at its own pace
    request = _prepared(published.article_id)
    verify(OLD, request.headers, request.body)
    verify(NEW, request.headers, request.body)
    assert len(request.headers["webhook-signature"].split()) == 2
    assert "active (rotating secret)" in runner.invoke(main, ["mirrors", "list"]).output


def test_rotate_secret_generates_and_prints_a_secret_when_none_is_given(database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSFLOW_OUTBOUND_ALLOWLIST", "127.0.0.1")
    runner = CliRunner()
    runner.invoke(main, ["mirrors", "add", "m1", URL, "--secret", OLD])
    output = runner.invoke(main, ["mirrors", "rotate-secret", "m1"]).output
    with session_scope() as session:
        mirror = mirrors.get(session, "m1")
        assert mirror.secret in output and mirror.previous_secret == OLD


def test_rotate_secret_of_an_unknown_mirror_fails_naming_it(database) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["mirrors", "rotate-secret", "ghost"])
    assert result.exit_code != 0 and "no mirror named 'ghost'" in result.output


def test_mirrors_list_shows_each_mirrors_state(database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSFLOW_OUTBOUND_ALLOWLIST", "127.0.0.1")
    runner = CliRunner()
    runner.invoke(main, ["mirrors", "add", "a-live", URL])
    runner.invoke(main, ["mirrors", "add", "b-off", URL])
    runner.invoke(main, ["mirrors", "disable", "b-off"])
    lines = [line.split("\t")[:2] for line in runner.invoke(main, ["mirrors", "list"]).output.splitlines()]
    assert lines == [["a-live", "active"], ["b-off", "disabled"]]


def test_an_html_mirror_gets_a_full_sanitised_page_of_the_article(database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSFLOW_OUTBOUND_ALLOWLIST", "127.0.0.1")
    hostile = ('<p onclick="steal()">Kyiv <a href="javascript:steal()">council</a> met.</p>'
               '<script>steal()</script><p><a href="https://kyiv.example/">minutes</a></p>')
    with session_scope() as session:
        mirrors.add(session, "pages", URL, fmt="html")
        published = publish(session, "g1", "Council <b>meets</b> & votes", KYIV, body_html=hostile)
    bodies = json.loads(_prepared(published.article_id).body)["bodies"]
    page = next(body["value"] for body in bodies if body["role"] == "page")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<title>Council &lt;b&gt;meets&lt;/b&gt; &amp; votes</title>" in page
    assert "Kyiv" in page and 'href="https://kyiv.example/"' in page
    assert "<script" not in page and "steal" not in page and "onclick" not in page


def test_a_json_mirror_gets_no_page(database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSFLOW_OUTBOUND_ALLOWLIST", "127.0.0.1")
    with session_scope() as session:
        mirrors.add(session, "data", URL)
        published = publish(session, "g1", "Kyiv budget passes", KYIV)
    assert [body["role"] for body in json.loads(_prepared(published.article_id).body)["bodies"]] == ["main", "main"]


def test_update_and_cancel_become_updated_and_withdrawn_deliveries(database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSFLOW_OUTBOUND_ALLOWLIST", "127.0.0.1")
    with session_scope() as session:
        mirrors.add(session, "m1", URL)
        first = publish(session, "g1", "Kyiv marathon route set", KYIV)
        publish(session, "g1", "Kyiv marathon route changed", KYIV)
        publish(session, "g1", "Kyiv marathon route changed", KYIV, pubstatus="canceled")
        events = [d.event for d in session.query(Delivery).filter_by(article_id=first.article_id)
                  .order_by(Delivery.created_at)]
    assert events == ["published", "updated", "withdrawn"]
