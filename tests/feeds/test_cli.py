"""`newsflow feeds ...`: add, list, show, pause, resume, remove, poll; bad input named, non-zero exit."""

from __future__ import annotations

from click.testing import CliRunner

from services.cli import main
from tests.feeds.server import FeedServer, feed, fixture


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_add_list_show_pause_resume_remove(server: FeedServer, feeds_db: dict[str, str]) -> None:
    url = server.serve("/cli/rss20.xml", feed(fixture("rss20.xml")))
    code, out = run("feeds", "add", url, "--source", "coast", "--interval", "15m", "--full-text", "never",
                    "--name", "coast")
    assert code == 0 and "added feed coast" in out and "every 900 s" in out
    code, out = run("feeds", "list")
    assert code == 0 and out.startswith("coast\tactive\tok -\terror -\tnext ") and "0 items" in out
    code, out = run("feeds", "show", "coast")
    assert "source: coast" in out and "full_text: never" in out
    assert run("feeds", "pause", "coast")[0] == 0 and "\tpaused\t" in run("feeds", "list")[1]
    assert run("feeds", "resume", "coast")[0] == 0 and "\tactive\t" in run("feeds", "list")[1]
    assert run("feeds", "remove", "coast") == (0, "removed coast\n")
    assert run("feeds", "show", "coast")[0] != 0


def test_poll_prints_what_it_found(server: FeedServer, feeds_db: dict[str, str]) -> None:
    url = server.serve("/cli/atom.xml", feed(fixture("atom.xml"), "application/atom+xml"))
    run("feeds", "add", url, "--name", "mountain", "--full-text", "never")
    code, out = run("feeds", "poll", "mountain")
    assert code == 0 and out.startswith("mountain: ok; 2 new, 0 edited") and out.count("  article ") == 2
    code, out = run("feeds", "poll", "mountain")
    assert code == 0 and out.startswith("mountain: not_modified; 0 new")


def test_a_failed_poll_says_why_and_exits_non_zero(server: FeedServer, feeds_db: dict[str, str]) -> None:
    run("feeds", "add", server.url("/cli/nothing-here"), "--name", "gone")
    code, out = run("feeds", "poll", "gone")
    assert code == 1 and "http_404" in out


def test_bad_input_is_named(feeds_db: dict[str, str]) -> None:
    code, out = run("feeds", "add", "ftp://example.com/feed")
    assert code == 2 and "url: scheme must be http or https" in out
    code, out = run("feeds", "add", "http://10.1.2.3/feed.xml")
    assert code == 2 and "url: 10.1.2.3 resolves to 10.1.2.3, a private address" in out
    code, out = run("feeds", "add", "http://127.0.0.1:9/feed.xml", "--interval", "often")
    assert code == 2 and "interval: 'often' is not a duration" in out
    code, out = run("feeds", "add", "http://127.0.0.1:9/feed.xml", "--source", "bad source!")
    assert code == 2 and "source: 'bad source!'" in out
    code, out = run("feeds", "pause", "nope")
    assert code == 1 and "no feed named 'nope'" in out


def test_the_same_url_twice_is_refused(feeds_db: dict[str, str]) -> None:
    assert run("feeds", "add", "http://127.0.0.1:9/feed.xml", "--name", "one")[0] == 0
    code, out = run("feeds", "add", "http://127.0.0.1:9/feed.xml")
    assert code == 2 and "already polled as feed 'one'" in out
