"""`newsflow enrich --jsonl` answers every line; a bad one does not stop the rest, but makes the exit code 1."""

from __future__ import annotations

import json

from tests.cli.conftest import Newsflow


def test_a_bad_line_gets_an_error_line_the_rest_go_on_and_the_exit_code_is_1(newsflow: Newsflow) -> None:
    stdin = "\n".join([json.dumps({"id": "a", "text": "Talks resumed in Manila."}), "{broken",
                       json.dumps({"id": "c", "text": "Floods in Nairobi."})]) + "\n"
    run = newsflow("enrich", "--jsonl", stdin=stdin, timeout=300)
    rows = [json.loads(line) for line in run.out.splitlines()]
    assert run.code == 1
    assert [row["id"] for row in rows] == ["a", None, "c"]
    assert rows[1]["line"] == 2 and rows[1]["error"].startswith("line 2: not JSON")
    assert [place["name"] for place in rows[2]["places"]] == ["Nairobi"]
    assert run.error_lines == ['1 of 3 lines failed (see their "error")']


def test_good_lines_only_exit_0(newsflow: Newsflow) -> None:
    run = newsflow("enrich", "--jsonl", stdin=json.dumps({"id": 1, "text": "Calm day."}) + "\n", timeout=300)
    assert run.code == 0 and json.loads(run.out)["id"] == 1


def test_a_blank_line_is_answered_too_so_output_lines_pair_with_input_lines(newsflow: Newsflow) -> None:
    """Found by a tester who had not seen the code: a blank line was skipped, so line N of the output no longer
    answered line N of the input."""
    stdin = json.dumps({"id": "a", "text": "Floods in Nairobi."}) + "\n\n" + json.dumps({"id": "c", "text": "Calm."})
    run = newsflow("enrich", "--jsonl", stdin=stdin + "\n", timeout=300)
    rows = [json.loads(line) for line in run.out.splitlines()]
    assert run.code == 1
    assert [row["id"] for row in rows] == ["a", None, "c"]
    assert rows[1]["line"] == 2 and "empty line" in rows[1]["error"]


def test_a_line_the_api_would_refuse_is_refused_naming_the_line_and_the_reason(newsflow: Newsflow) -> None:
    """Found by a tester who had not seen the code: a key given twice, a null id and a text of 300,000 characters
    (a minute's work) were all accepted."""
    stdin = "\n".join(['{"id": "a", "id": "b", "text": "Floods in Nairobi."}',
                       json.dumps({"id": None, "text": "Floods in Nairobi."}),
                       json.dumps({"id": ["x"], "text": "Floods in Nairobi."}),
                       json.dumps({"id": "long", "text": "Floods in Nairobi. " * 6000}),
                       json.dumps({"id": 5, "text": "Floods in Nairobi."})]) + "\n"
    run = newsflow("enrich", "--jsonl", stdin=stdin, timeout=300)
    rows = [json.loads(line) for line in run.out.splitlines()]
    assert run.code == 1
    assert [row.get("error", "") for row in rows] == [
        "line 1: id: is given twice in one JSON object", 'line 2: "id" must be a string or an integer',
        'line 3: "id" must be a string or an integer', 'line 4: "text" is longer than 100,000 characters', ""]
    assert [place["name"] for place in rows[4]["places"]] == ["Nairobi"]


def test_a_byte_order_mark_is_no_error_and_a_missing_text_is_named(newsflow: Newsflow) -> None:
    """Found by a tester who had not seen the code: a file saved with a byte-order mark failed its first line, and
    a line without "text" was told the text "must be a string"."""
    stdin = "\ufeff" + json.dumps({"id": "a", "text": "Floods in Nairobi."}) + "\n" + json.dumps({"id": "b"}) + "\n"
    run = newsflow("enrich", "--jsonl", stdin=stdin, timeout=300)
    rows = [json.loads(line) for line in run.out.splitlines()]
    assert [place["name"] for place in rows[0]["places"]] == ["Nairobi"]
    assert rows[1]["error"] == 'line 2: missing "text"'
