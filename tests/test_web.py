"""Feeds, pages and URLs, read from a loopback HTTP server of the tests' own (tests/webserver.py).

Real components throughout: requests, feedparser and trafilatura against http.server on
127.0.0.1. Nothing is sent anywhere else.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from kg.ingest import Fetcher, HttpOptions, Problem, iter_articles
from kg.ingest.fetch import FetchError, default_cache_dir
from webserver import WEB, LoopbackServer

CODE = re.compile(r"\[([EW]\d{3})\]")


@pytest.fixture(scope="module")
def server():
    with LoopbackServer(slow_seconds=3.0, big_bytes=2 * 1024 * 1024) as running:
        yield running


def fetcher(tmp_path: Path, **options) -> Fetcher:
    options = {"delay": 0, "cache": tmp_path / "cache", "timeout": 5, **options}
    return Fetcher(HttpOptions(**options))


def read(inputs, tmp_path, fetch=False, http=None, **options):
    http = http or fetcher(tmp_path, **options)
    items = list(iter_articles(inputs, fetch=fetch, http=http))
    articles = [i for i in items if not isinstance(i, Problem)]
    problems = [i for i in items if isinstance(i, Problem)]
    return articles, problems


def codes(problems) -> list[str]:
    return [CODE.search(p.message).group(1) for p in problems]


def test_rss_feed_by_url_gives_one_article_per_item(server, tmp_path):
    url = server.url("feed.rss")
    articles, problems = read([url], tmp_path)
    assert problems == []
    assert [a.id for a in articles] == ["gazette-2024-0312-harbour", "gazette-2024-0313-rail",
                                        "gazette-2024-0314-library"]
    harbour, rail, library = articles
    assert harbour.title == "Port Elwood approves harbour wall plan"
    assert harbour.date == "2024-03-12T08:00:00Z" and harbour.source == "The Elwood Gazette"
    assert harbour.url == server.url("harbour.html")
    assert harbour.text.startswith("The city council of Port Elwood approved a plan")
    assert library.text == "The Port Elwood library will open on Sundays from April, the council said on Thursday."
    # Each item names the feed and the line its <item> starts on.
    assert [a.origin for a in articles] == [f"{url}:7", f"{url}:14", f"{url}:21"]


def test_fetch_reads_each_linked_page_and_says_when_it_cannot(server, tmp_path):
    url = server.url("feed.rss")
    articles, problems = read([url], tmp_path, fetch=True)
    harbour, rail, library = articles
    # The page's article body, without its menu, share bar, comments, "most read" box or footer.
    assert "Elwood Marine Works will build the new wall" in harbour.text
    for boilerplate in ("Subscribe", "Share on social media", "Greta", "Most read", "sourdough", "Copyright",
                        "tracker"):
        assert boilerplate not in harbour.text, boilerplate
    assert harbour.author == "Nora Pell" and harbour.title == "Port Elwood approves harbour wall plan"
    # The linked page of the second item is missing: its summary is read, with a warning naming it.
    assert rail.text.startswith("Northfield Rail said on Wednesday")
    assert codes(problems) == ["W321", "W322"]
    assert f"{url}:14" in problems[0].message and server.url("missing.html") in problems[0].message
    assert "HTTP 404" in problems[0].message
    assert f"{url}:21" in problems[1].message  # no link to fetch: the summary is read


def test_atom_file_is_read_with_its_html_content(tmp_path):
    path = tmp_path / "herald.atom"
    path.write_bytes((WEB / "feed.atom").read_bytes().replace(b"{base}", b"https://herald.example"))
    articles, problems = read([str(path)], tmp_path)
    assert problems == []
    copy, kingsbridge = articles
    assert copy.id == "urn:coastal-herald:2024:harbour" and copy.source == "Coastal Herald"
    assert copy.author == "Coastal Herald staff" and copy.date == "2024-03-13T11:00:00Z"
    assert "<p>" not in copy.text and "Tom Reyes, who chairs the Elwood Fishing" in copy.text
    assert copy.text.count("\n\n") == 2  # three paragraphs
    assert kingsbridge.url == "https://herald.example/bridge.html"


def test_a_saved_xml_feed_and_a_folder_of_feeds(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    def saved(name: str) -> bytes:
        return (WEB / name).read_bytes().replace(b"{base}", b"https://news.example")
    (folder / "gazette.rss").write_bytes(saved("feed.rss"))
    (folder / "herald.atom").write_bytes(saved("feed.atom"))
    (folder / "notes.xml").write_bytes(saved("feed.rss"))  # in a folder, .xml is not read: too common
    (tmp_path / "saved.xml").write_bytes(saved("feed.rss"))
    articles, problems = read([str(folder), str(tmp_path / "saved.xml")], tmp_path)
    assert problems == [] and len(articles) == 3 + 2 + 3


def test_broken_and_non_feeds(tmp_path):
    (tmp_path / "page.xml").write_text("<html><body><p>Not a feed at all.</p></body></html>", encoding="utf-8")
    (tmp_path / "empty.rss").write_text("", encoding="utf-8")
    articles, problems = read([str(WEB / "broken.rss"), str(tmp_path / "page.xml"), str(tmp_path / "empty.rss")],
                              tmp_path)
    # The broken feed: a warning naming the line where it breaks, and the item before it is read.
    assert [a.title for a in articles] == ["Ferry service resumes"]
    assert codes(problems) == ["W320", "E328", "E327", "E327"]
    assert "broken.rss" in problems[0].message and "line 12" in problems[0].message
    assert "broken.rss:10" in problems[1].message  # the cut-off item: a title, no text
    assert "page.xml" in problems[2].message and "empty.rss" in problems[3].message


def test_a_page_by_url_is_its_article(server, tmp_path):
    url = server.url("harbour.html")
    [article], problems = read([url], tmp_path)
    assert problems == []
    assert article.id == url and article.url == url
    assert article.title == "Port Elwood approves harbour wall plan" and article.date == "2024-03-12"
    assert "Greta" not in article.text and "Elwood Marine Works" in article.text


def test_redirects_are_followed_within_bounds(server, tmp_path):
    [article], problems = read([server.url("redirect")], tmp_path)
    assert problems == [] and article.url == server.url("harbour.html")
    _, problems = read([server.url("redirect-loop")], tmp_path)
    assert codes(problems) == ["E324"] and "more than 5 redirects" in problems[0].message


def test_redirect_to_a_file_url_is_refused(server, tmp_path):
    articles, problems = read([server.url("redirect-file")], tmp_path)
    assert articles == [] and codes(problems) == ["E324"]
    assert "file:///etc/passwd" in problems[0].message and "not http(s)" in problems[0].message
    assert server.url("redirect-file") in problems[0].message


def test_redirect_into_a_private_address_nobody_named_is_refused(server, tmp_path):
    """127.0.0.1:PORT was named by the user; 127.0.0.2 was not: kg does not go there."""
    articles, problems = read([server.url("redirect-private")], tmp_path)
    assert articles == [] and codes(problems) == ["E324"]
    assert "127.0.0.2" in problems[0].message and "private, loopback or reserved" in problems[0].message


def test_private_address_rule(tmp_path):
    """The rule itself, with a resolver standing in for DNS: a public host is fetched; a name
    that resolves to a private, loopback or link-local address only when an input named it."""
    addresses = {"news.example": ["93.184.216.34"], "metadata.example": ["169.254.169.254"],
                 "intranet.example": ["10.1.2.3"], "mapped.example": ["::ffff:127.0.0.1"]}
    f = Fetcher(HttpOptions(cache=False), resolve=lambda host, port: addresses[host])
    assert f._refusal("https://news.example/feed.xml") is None
    for host in ("metadata.example", "intranet.example", "mapped.example"):
        assert "private, loopback or reserved" in f._refusal(f"http://{host}/latest")
    f.name("http://intranet.example/feed.xml")
    assert f._refusal("http://intranet.example/item/1") is None
    assert f._refusal("http://intranet.example:8080/item/1") is not None  # another port was not named
    assert Fetcher(HttpOptions(cache=False, allow_private=True),
                   resolve=lambda h, p: addresses[h])._refusal("http://metadata.example/") is None


def test_a_feed_link_into_an_unnamed_private_host_is_refused(tmp_path):
    """A feed from a file (no host named) that links to a loopback page: not fetched."""
    path = tmp_path / "feed.rss"
    path.write_bytes((WEB / "feed.rss").read_bytes().replace(b"{base}", b"http://127.0.0.1:9"))
    articles, problems = read([str(path)], tmp_path, fetch=True)
    assert len(articles) == 3  # the summaries
    assert codes(problems)[:2] == ["W321", "W321"] and "private, loopback or reserved" in problems[0].message


def test_a_slow_server_is_cut_off(server, tmp_path):
    started = time.monotonic()
    _, problems = read([server.url("slow")], tmp_path, timeout=1)
    assert codes(problems) == ["E323"] and server.url("slow") in problems[0].message
    _, problems = read([server.url("dribble")], tmp_path, timeout=1)
    assert codes(problems) == ["E323"]
    assert time.monotonic() - started < 6


def test_missing_page_oversized_page_and_non_html(server, tmp_path):
    inputs = [server.url("missing.html"), server.url("big.html"), server.url("big-stream.html"),
              server.url("photo.png"), server.url("plain.txt")]
    articles, problems = read(inputs, tmp_path, max_bytes=1024 * 1024)
    assert codes(problems) == ["E321", "E322", "E322", "E326"]
    assert "HTTP 404" in problems[0].message and server.url("missing.html") in problems[0].message
    assert "larger than 1 MB" in problems[1].message and server.url("big-stream.html") in problems[2].message
    assert "an image" in problems[3].message and "image/png" in problems[3].message
    # The other input is read all the same.
    [plain] = articles
    assert plain.text.startswith("Gull Island ferry resumes") and plain.id == server.url("plain.txt")


def test_user_agent_names_kg_and_its_version(server, tmp_path):
    import kg
    read([server.url("plain.txt")], tmp_path)
    assert f"kg-news/{kg.__version__}" in server.agents[-1]


def test_a_rerun_downloads_nothing_that_has_not_changed(server, tmp_path):
    url = server.url("feed.rss")
    first = fetcher(tmp_path)
    read([url], tmp_path, fetch=True, http=first)
    downloads = server.full[("/feed.rss")], server.full["/harbour.html"]
    again = fetcher(tmp_path)
    articles, _ = read([url], tmp_path, fetch=True, http=again)
    assert len(articles) == 3
    assert again.downloads == 0 and again.requests == 3  # conditional requests, each answered 304
    assert (server.full["/feed.rss"], server.full["/harbour.html"]) == downloads
    # A changed page is downloaded again.
    server.changed["harbour.html"] = server.body("harbour.html").replace(b"40 million", b"45 million")
    try:
        changed = fetcher(tmp_path)
        articles, _ = read([url], tmp_path, fetch=True, http=changed)
        assert changed.downloads == 1 and "45 million pounds" in articles[0].text
    finally:
        del server.changed["harbour.html"]
    # Without a cache, everything is downloaded.
    uncached = fetcher(tmp_path, cache=False)
    read([url], tmp_path, fetch=True, http=uncached)
    assert uncached.downloads == 2


def test_cache_location(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "kgcache"))
    assert default_cache_dir() == tmp_path / "kgcache"
    monkeypatch.delenv("KG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "kg" / "http"


def test_regression_a_torn_cache_entry_is_not_used(server, tmp_path):
    """A body that does not match its entry (a crash between the two writes) is not served."""
    url = server.url("plain.txt")
    f = fetcher(tmp_path)
    f.name(url)  # the user's own URL: a loopback address is allowed
    f.get(url)
    for body in (tmp_path / "cache").glob("*.body"):
        body.write_bytes(b"something else")
    again = fetcher(tmp_path)
    again.name(url)
    assert again.get(url).content.startswith(b"Gull Island") and again.downloads == 1


def test_per_host_delay(server, tmp_path):
    f = fetcher(tmp_path, delay=0.4, cache=False)
    f.name(server.base)
    started = time.monotonic()
    f.get(server.url("plain.txt"))
    f.get(server.url("plain.txt"))
    assert time.monotonic() - started >= 0.4


def test_fetch_errors_are_numbered_and_name_the_url(server, tmp_path):
    f = fetcher(tmp_path)
    f.name(server.base)
    with pytest.raises(FetchError) as info:
        f.get(server.url("missing.html"))
    assert str(info.value).startswith(f"[E321] {server.url('missing.html')}:")
    assert info.value.reason == "HTTP 404 Not Found"


def test_compressed_pages_are_read_and_the_cap_counts_what_they_unpack_to(server, tmp_path):
    [article], problems = read([server.url("gzip.html"), server.url("bomb.html")], tmp_path, max_bytes=1024 * 1024)
    assert "Marta Quinn" in article.text
    assert codes(problems) == ["E322"] and server.url("bomb.html") in problems[0].message


def test_jsonl_by_url(server, tmp_path):
    import gzip as gz
    lines = b'{"id": "j1", "text": "Marta Quinn runs Northfield Rail."}\nnot json\n'
    server.changed["news.jsonl"] = lines
    server.changed["news.jsonl.gz"] = gz.compress(lines)
    try:
        for name in ("news.jsonl", "news.jsonl.gz"):
            articles, problems = read([server.url(name)], tmp_path)
            assert [a.id for a in articles] == ["j1"] and codes(problems) == ["E003"]
            assert f"{server.url(name)}:2" in problems[0].message
    finally:
        server.changed.clear()


def test_cli_an_unreachable_url_is_reported_and_nothing_is_written(tmp_path):
    from typer.testing import CliRunner
    from kg.cli import app
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", "http://127.0.0.1:9/feed.xml", "-o", str(out), "--no-http-cache"])
    assert result.exit_code == 1
    assert "[E320] http://127.0.0.1:9/feed.xml: cannot be fetched (connection refused)" in result.output
    assert "[E306]" in result.output and not out.exists()
