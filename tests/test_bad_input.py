"""The bad-input corpus (tests/data/bad/README.md): each file gets its one numbered message, names
the file (and line), never a traceback, and the other inputs are still read."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from conftest import ROOT, require_tool
from kg.pipeline.build import build
from kg.cli import app
from kg.export.turtle import serialize_turtle
from kg.ingest import Problem, iter_articles
from kg.ingest.language import has_words

BAD = ROOT / "tests" / "data" / "bad"
CODE = re.compile(r"\[([EW]\d{3})\]")
runner = CliRunner()


def read_table() -> dict[str, dict]:
    """file -> {"articles": n, "messages": [(code, line)]} from the README table."""
    expected: dict[str, dict] = defaultdict(lambda: {"articles": None, "messages": []})
    for row in (BAD / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) != 6 or not cells[0].startswith("`"):
            continue
        name, _, code, line, articles, _ = cells
        entry = expected[name.strip("`")]
        if code != "-":
            entry["messages"].append((code, None if line == "-" else int(line)))
        if articles:
            entry["articles"] = int(articles)
    return dict(expected)


TABLE = read_table()
# Made by the test, not committed: large, random, or not storable in git.
MADE = {"random-bytes.txt", "five-mb.txt", "loop", "self-link.txt", "pipe.txt", "unreadable.txt"}


def make_corpus(folder: Path, *, unreadable: bool = True) -> Path:
    """The committed files plus those made here (everything but the 5 MB article)."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in BAD.iterdir():
        if file.name != "README.md" and file.suffix != ".png":
            shutil.copy(file, folder / file.name)
    (folder / "random-bytes.txt").write_bytes(os.urandom(4096))
    os.symlink(".", folder / "loop")
    os.symlink("self-link.txt", folder / "self-link.txt")
    os.mkfifo(folder / "pipe.txt")
    if unreadable:
        (folder / "unreadable.txt").write_text("Musk bought Twitter.\n", encoding="utf-8")
        (folder / "unreadable.txt").chmod(0)
    return folder


def unprivileged(cmd: list[str]) -> list[str]:
    """``cmd`` run so that file permissions apply. Root bypasses them through two capabilities;
    setpriv drops those from the bounding set, so the command keeps uid 0 (and can still read
    the Python install under /root) but a mode-000 file is unreadable to it."""
    if os.geteuid() != 0:
        return cmd
    return [require_tool("setpriv"), "--bounding-set", "-dac_override,-dac_read_search", *cmd]


def messages(items) -> list[tuple[str, int | None]]:
    return [(CODE.search(p.message).group(1), p.line) for p in items if isinstance(p, Problem)]


def test_the_table_covers_every_committed_file_and_every_case():
    committed = {f.name for f in BAD.iterdir() if f.name != "README.md"}
    assert committed <= set(TABLE), committed - set(TABLE)
    assert MADE <= set(TABLE)
    for case in ("W001", "E300", "W300", "E003", "E004", "E005", "E006", "W304", "W302", "W305", "E302",
                 "E303", "E301"):
        assert any(case == code for entry in TABLE.values() for code, _ in entry["messages"]), case


@contextmanager
def deadline(seconds: int):
    """Fail, rather than hang, if reading blocks (as opening a pipe with no writer does)."""
    def expire(signum, frame):
        raise TimeoutError(f"still reading after {seconds}s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# Only meaningful inside a folder (a pipe named on the command line is read on purpose), or
# needing a real build or an unprivileged process: tested below.
IN_FOLDER_ONLY = {"pipe.txt", "loop"}


@pytest.mark.parametrize("name", sorted(set(TABLE) - {"five-mb.txt", "unreadable.txt"} - IN_FOLDER_ONLY))
def test_each_bad_file_alone(tmp_path, name):
    """Each file on its own: exactly the messages of its rows, each naming the file, and its articles."""
    corpus = make_corpus(tmp_path / "bad", unreadable=False)
    target = BAD / name if name == "photo.png" else corpus / name
    with deadline(60):
        items = list(iter_articles([str(target)]))
    assert sorted(messages(items), key=str) == sorted(TABLE[name]["messages"], key=str)
    for problem in (i for i in items if isinstance(i, Problem)):
        assert str(target) in problem.message
        if problem.line is not None:
            assert f"{target}:{problem.line}:" in problem.message
        assert "\n" not in problem.message and "Traceback" not in problem.message
    assert sum(1 for i in items if not isinstance(i, Problem)) == TABLE[name]["articles"]


def test_the_folder_link_loop_and_pipe_are_reported_and_each_file_read_once(tmp_path):
    corpus = make_corpus(tmp_path / "bad", unreadable=False)
    with deadline(60):
        items = list(iter_articles([str(corpus)]))
    expected = [m for name, e in TABLE.items() if name not in ("five-mb.txt", "unreadable.txt", "photo.png")
                for m in e["messages"]]
    assert sorted(messages(items), key=str) == sorted(expected, key=str)
    for name in IN_FOLDER_ONLY:
        [message] = TABLE[name]["messages"]
        assert any(f"[{message[0]}] {corpus / name}" in p.message for p in items if isinstance(p, Problem))
    origins = [a.meta.origin for a in items if not isinstance(a, Problem)]
    assert len(origins) == len(set(origins))
    assert not any("/loop/" in o for o in origins)


def test_the_whole_corpus_through_the_cli_as_a_user_without_root_powers(tmp_path):
    """One real `kg build` over the corpus: exit code 1, one message per bad file, the good ones read."""
    corpus = make_corpus(tmp_path / "bad")
    probe = subprocess.run(unprivileged([sys.executable, "-c", f"open({str(corpus / 'unreadable.txt')!r}).read()"]),
                           capture_output=True, text=True)
    assert "PermissionError" in probe.stderr, "the unreadable file must really be unreadable to kg"
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run(unprivileged([sys.executable, "-m", "kg", "build", str(corpus), str(BAD / "photo.png"),
                                        "-o", str(out)]),
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    for name, entry in TABLE.items():
        if name == "five-mb.txt":
            continue
        shown = str(BAD / name) if name == "photo.png" else str(corpus / name)
        for code, line in entry["messages"]:
            where = shown if line is None else f"{shown}:{line}:"
            assert any(f"[{code}]" in ln and where in ln for ln in lines), (code, where, proc.stderr)
    assert sum(1 for ln in lines if CODE.search(ln)) == sum(len(e["messages"]) for n, e in TABLE.items()
                                                              if n != "five-mb.txt")
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    expected_articles = sum(e["articles"] for n, e in TABLE.items() if n != "five-mb.txt")
    assert f"{expected_articles} articles" in proc.stderr
    ids = {str(o) for o in graph.objects(None, _schema("identifier"))}
    assert {"good", "latin1", "cp1252", "page", "ok-1", "latin-2", "ok-3", "m-1", "m-6"} <= ids
    assert (out / "graph.html").stat().st_size > 1000


def _schema(name: str):
    from kg.ontology import SCHEMA
    return SCHEMA[name]


def test_decoding_fallback_keeps_the_text(tmp_path):
    [warning, article] = list(iter_articles([str(BAD / "latin1.txt")]))
    assert "José Mourinho" in article.text and "Zürich" in article.text
    assert article.meta.date == "2023-05-02"
    [_, article] = list(iter_articles([str(BAD / "cp1252.txt")]))
    assert '"biggest advertiser"' in article.text and "\u20ac100m" in article.text and "\u2013" in article.text


def test_html_page_is_its_article_body(tmp_path):
    [article] = list(iter_articles([str(BAD / "page.html")]))
    assert article.meta.title == "Musk threatens to sue Microsoft"
    assert "Elon Musk has threatened to sue Microsoft for allegedly" in article.text
    assert "Tesla" not in article.text and "alert" not in article.text and "font-family" not in article.text
    assert "Home" not in article.text  # the menu is not the article


def test_regression_unknown_marked_section_crashed_html_reading(tmp_path, monkeypatch):
    """html.parser raises AssertionError on a marked section it does not know (<![foo ...]>); the
    fallback reader (used when trafilatura finds no body) must still read such a page."""
    import trafilatura
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    (tmp_path / "p.html").write_text("<html><body><![if !supportLists]>1.<![endif]> <![foo x]>"
                                     "<p>Musk bought Twitter in 2022.</p></body></html>", encoding="utf-8")
    items = list(iter_articles([str(tmp_path / "p.html")]))
    assert messages(items) == [("W301", None)]
    assert items[1].text == "1.\n\nMusk bought Twitter in 2022."


def test_non_english_can_be_processed_on_request(tmp_path):
    items = list(iter_articles([str(BAD / "german.txt")], non_english="process"))
    assert messages(items) == [("W303", None)]
    assert "German" in items[0].message
    assert sum(1 for i in items if not isinstance(i, Problem)) == 1
    skipped = runner.invoke(app, ["build", str(BAD / "german.txt"), "-o", str(tmp_path)])
    assert skipped.exit_code == 1 and "[W302]" in skipped.output and "[E306]" in skipped.output
    assert not (tmp_path / "graph.ttl").exists()


def test_regression_language_guess_loaded_every_spacy_language():
    """Telling a German article from English read spaCy's stop words through each language's
    package, which loads the whole language: 5 s and 34 MB for a build that met one table of
    figures. Only the stop-word files are read now, to the same lists."""
    code = ("import sys; from kg.ingest.language import guess_language, _stop_words; import importlib; "
            f"text = open({str(BAD / 'german.txt')!r}, encoding='utf-8').read(); "
            "print(guess_language(text).language, sorted(m for m in sys.modules if m.startswith('spacy.lang.'))); "
            "assert _stop_words('fr') == frozenset(w.lower() for w in "
            "importlib.import_module('spacy.lang.fr.stop_words').STOP_WORDS)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "German []"


def test_non_english_flag_processes_and_exits_0(nlp, tmp_path):
    result = runner.invoke(app, ["build", str(BAD / "german.txt"), "--non-english", "process", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "[W303]" in result.output and (tmp_path / "graph.ttl").exists()
    bad = runner.invoke(app, ["build", str(BAD / "german.txt"), "--non-english", "maybe", "-o", str(tmp_path)])
    assert bad.exit_code == 2


def test_a_build_with_no_readable_article_leaves_the_old_output(tmp_path):
    (tmp_path / "graph.ttl").write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["build", str(BAD / "empty.txt"), "-o", str(tmp_path)])
    assert result.exit_code == 1 and "[W001]" in result.output and "[E306]" in result.output
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "old"


def test_output_folder_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["build", str(BAD / "good.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "[E307]" in result.output


def test_output_folder_that_cannot_be_made_is_a_usage_error(nlp, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["build", str(BAD / "good.txt"), "-o", str(tmp_path / "file" / "out")])
    assert result.exit_code == 2 and "[E307]" in result.output and "Traceback" not in result.output


def test_warnings_that_skip_nothing_exit_0(nlp, tmp_path):
    result = runner.invoke(app, ["build", str(BAD / "cp1252.txt"), str(BAD / "good.txt"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "[W300]" in result.output and "2 articles" in result.output


def test_exit_1_when_a_line_is_skipped(nlp, tmp_path):
    result = runner.invoke(app, ["build", str(BAD / "malformed.jsonl"), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "4 input(s) skipped" in result.output and "2 articles" in result.output


def test_extract_reports_and_exits_1_too(nlp):
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(BAD / "malformed.jsonl")])
    assert result.exit_code == 1
    assert "[E003]" in result.output and any(line.startswith("{") for line in result.output.splitlines())


def test_lines_mode_reports_the_same_bad_files(tmp_path):
    """`--lines` (one article per line, for CaRB) reads files its own way, with the same messages."""
    corpus = make_corpus(tmp_path / "bad", unreadable=False)
    with deadline(60):
        items = list(iter_articles([str(corpus)], lines=True))
    found = {(code, Path(p.path).name) for (code, _), p in zip(messages(items), [i for i in items
                                                                                   if isinstance(i, Problem)])}
    for name in ("empty.txt", "whitespace.txt"):
        assert ("W001", name) in found
    for code, name in (("E300", "photo-saved-as.txt"), ("E300", "random-bytes.txt"), ("W300", "latin1.txt"),
                       ("W304", "line-noise.txt"), ("E003", "malformed.jsonl"), ("E302", "self-link.txt"),
                       ("E301", "pipe.txt")):
        assert (code, name) in found, (code, name)


def test_corrupt_gzip_keeps_the_lines_before_the_damage(tmp_path):
    good = b"".join(json.dumps({"id": f"a{i}", "text": f"Musk bought Twitter in {2000 + i}."}).encode() + b"\n"
                    for i in range(2000))
    data = gzip.compress(good)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "garbage.jsonl.gz").write_bytes(b"\x1f\x8b" + os.urandom(200))
    items = list(iter_articles([str(tmp_path / "cut.jsonl.gz"), str(tmp_path / "garbage.jsonl.gz")]))
    assert [code for code, _ in messages(items)] == ["E310", "E310"]
    assert 0 < sum(1 for i in items if not isinstance(i, Problem)) < 2000


def test_regression_deeply_nested_json_line_crashed_with_recursion_error(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": "Musk sued Microsoft."}) + "\n",
                    encoding="utf-8")
    items = list(iter_articles([str(path)]))
    assert messages(items) == [("E309", 1)] and len(items) == 2


def test_regression_json_integer_over_4300_digits_crashed_ingest(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": ' + "1" * 5000 + "}\n", encoding="utf-8")
    items = list(iter_articles([str(path)]))
    assert messages(items) == [("E003", 1)] and "4300 digits" in items[0].message


def test_regression_lone_surrogate_in_json_crashed_the_build(nlp, tmp_path):
    """JSON may spell a lone surrogate ("\\ud800"); Python decodes it, and encoding it to UTF-8 failed."""
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "Musk \\ud800 sued Microsoft.", "title": "half \\udc00 a pair"}\n', encoding="utf-8")
    result = build([str(path)], nlp=nlp)
    assert result.problems == [] and result.summary.articles == 1
    data = serialize_turtle(result.graph)
    assert "half \ufffd a pair".encode() in data  # U+FFFD stands in for the surrogate
    assert len(list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))) == len(result.graph)


def test_metadata_that_is_not_text_or_not_valid_is_dropped_with_a_warning(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": "Musk sued Microsoft.", "title": {"nested": 1}, "date": "2023-13-45",
                                "url": "javascript:alert(1)", "id": "a\u0000b", "source": True}) + "\n",
                    encoding="utf-8")
    items = list(iter_articles([str(path)]))
    assert messages(items) == [("W306", 1), ("W307", 1), ("W308", 1), ("W306", 1)]
    [article] = [i for i in items if not isinstance(i, Problem)]
    meta = article.meta
    assert (meta.title, meta.date, meta.url, meta.source, meta.id) == (None, None, None, None, "a b")


def test_regression_url_credentials_and_bad_percent_encoding_were_published(nlp, tmp_path):
    """A feed's url went into the graph as given: user:password included, and '%zz' or '[' made
    the Turtle unreadable to strict parsers."""
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": "Musk sued Microsoft.",
                                "url": "https://user:secret@news.example/a/%zz[1]/\u00fc"}) + "\n", encoding="utf-8")
    result = build([str(path)], nlp=nlp)
    data = serialize_turtle(result.graph)
    assert b"secret" not in data
    assert b"<https://news.example/a/%25zz%5B1%5D/%C3%BC>" in data
    assert len(list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))) == len(result.graph)


def test_a_rejected_url_is_shown_without_its_credentials(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": "Musk sued Microsoft.", "url": "https://user:secret@news.example/a b"}) + "\n",
                    encoding="utf-8")
    [problem] = [i for i in iter_articles([str(path)]) if isinstance(i, Problem)]
    assert "[W308]" in problem.message and "secret" not in problem.message and "***@news.example" in problem.message


def test_regression_fifo_in_input_folder_hung_the_build(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text("Musk bought Twitter.", encoding="utf-8")
    with deadline(30):
        items = list(iter_articles([str(tmp_path)]))
    assert messages(items) == [("E301", None)] and len(items) == 2
    assert any("a named pipe" in i.message for i in items if isinstance(i, Problem))


def test_regression_self_link_was_reported_as_not_found(tmp_path):
    os.symlink("self.txt", tmp_path / "self.txt")
    items = list(iter_articles([str(tmp_path / "self.txt")]))
    assert messages(items) == [("E302", None)]
    result = runner.invoke(app, ["build", str(tmp_path / "self.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "[E302]" in result.output


def test_a_device_named_on_the_command_line_is_not_read(tmp_path):
    items = list(iter_articles(["/dev/zero"], lines=True))
    assert messages(items) == [("E301", None)] and "a device" in items[0].message


def test_a_pipe_named_on_the_command_line_is_read(tmp_path):
    """Process substitution, ``kg build <(zcat feed.gz)``, hands kg a pipe: that one is read."""
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    writer = subprocess.Popen(["sh", "-c", f"printf 'Musk bought Twitter in 2022.' > '{pipe}'"])
    try:
        items = list(iter_articles([str(pipe)]))
    finally:
        writer.wait(timeout=10)
    assert [i.text for i in items if not isinstance(i, Problem)] == ["Musk bought Twitter in 2022."]


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path):
    corpus = tmp_path / "in"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "ok.txt").write_text("Musk bought Twitter.", encoding="utf-8")
    (corpus / "locked").chmod(0)
    try:
        proc = subprocess.run(unprivileged([sys.executable, "-c", (
            "import sys; from kg.ingest import iter_articles, Problem\n"
            f"for i in iter_articles([{str(corpus)!r}]): print(i.message if isinstance(i, Problem) else 'ARTICLE')")]),
            capture_output=True, text=True, cwd=ROOT, timeout=120)
    finally:
        (corpus / "locked").chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    assert sorted(proc.stdout.splitlines()) == ["ARTICLE", f"[E304] {corpus / 'locked'}: the folder cannot be listed (Permission denied); "
                                        "skipped."]


def test_stdin_binary_and_latin1(tmp_path):
    import io
    assert messages(iter_articles(["-"], stdin=io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"))) == [("E300", None)]
    items = list(iter_articles(["-"], stdin=io.BytesIO("Jos\xe9 Mourinho joined Roma in 2021.".encode("latin-1"))))
    assert messages(items) == [("W300", 1)] and items[1].text == "José Mourinho joined Roma in 2021."


@pytest.mark.parametrize("sentence", [
    "A series of councils were held in 657 , 669 , 846 , 850 , 852 , 853 , 862 , 980 , 986 , 996 , 1048 and 1080 .",
    "Shares rose 12.5 % to $ 41.20 , 3,400 , 3,900 , 4,100 and 4,800 in 1987 , 1988 , 1989 .",
])
def test_regression_a_sentence_listing_numbers_was_skipped_as_line_noise(sentence):
    assert has_words(sentence)


@pytest.mark.parametrize("noise", ["1 2 3 4 5 6 7", "#$%^&*()!@# ~~~ ### 12345 ??? !!! <<>> ||| +++ === --- ;;; ::: ^^^ %%% 0x1F 0x2A", "-- ** -- ** ++"])
def test_numbers_and_symbols_alone_are_still_line_noise(noise):
    assert not has_words(noise)
