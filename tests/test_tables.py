"""Tables of articles: CSV, TSV, Parquet and pandas data frames, with renamed columns."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT
from kg.errors import KGError
from kg.ingest import Problem, iter_articles
from webserver import WEB

CODE = re.compile(r"\[([EW]\d{3})\]")
COLUMNS = {"text": "body", "title": "headline", "date": "published"}


def split(items):
    items = list(items)
    return ([i for i in items if not isinstance(i, Problem)],
            [(CODE.search(p.message).group(1), p.line) for p in items if isinstance(p, Problem)])


def test_csv_with_renamed_columns_names_the_line_of_a_bad_row():
    articles, problems = split(iter_articles([str(WEB / "news.csv")], columns=COLUMNS))
    assert problems == [("E330", 3)]
    ferry, two_lines = articles
    assert (ferry.id, ferry.title, ferry.date) == ("row-1", "Ferry resumes", "2024-03-11")
    assert ferry.origin.endswith("news.csv:2") and two_lines.origin.endswith("news.csv:4")
    assert two_lines.text == "Marta Quinn joined Northfield Rail.\nShe will move the headquarters to Kingsbridge."


def test_csv_without_the_text_column_is_one_message_naming_the_columns(tmp_path):
    articles, problems = split(iter_articles([str(WEB / "news.csv"), "Acme bought Widget Works on Monday."]))
    assert problems == [("E329", None)] and len(articles) == 1
    message = next(i for i in iter_articles([str(WEB / "news.csv")]) if isinstance(i, Problem)).message
    assert "'text'" in message and "id, headline, body, published" in message


def test_tsv_latin1_and_a_broken_row(tmp_path):
    path = tmp_path / "news.tsv"
    path.write_bytes("text\tsource\nZürich Re bought Acme on Monday.\tWire\n\"Broken\tWire\n".encode("latin-1"))
    articles, problems = split(iter_articles([str(path)]))
    assert [a.text for a in articles] == ["Zürich Re bought Acme on Monday."] and articles[0].source == "Wire"
    assert ("W300", 2) in problems and ("E332", 3) in problems


def test_parquet_file(tmp_path):
    frame = pd.DataFrame({"body": ["Acme Corp bought Widget Works on Monday.", None, "Marta Quinn runs Northfield Rail."],
                          "id": [1, 2, 3], "published": pd.to_datetime(["2024-05-06", "2024-05-07", None])})
    frame.to_parquet(tmp_path / "news.parquet")
    articles, problems = split(iter_articles([str(tmp_path / "news.parquet")], columns=COLUMNS))
    assert problems == [("E330", 2)]
    assert [(a.id, a.date) for a in articles] == [("1", "2024-05-06"), ("3", None)]
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 this is not parquet")
    assert split(iter_articles([str(tmp_path / "bad.parquet")]))[1] == [("E331", None)]


def test_parquet_without_pyarrow_is_a_numbered_error_and_the_rest_is_read(tmp_path):
    pd.DataFrame({"text": ["Acme bought Widget Works."]}).to_parquet(tmp_path / "news.parquet")
    (tmp_path / "other.txt").write_text("Marta Quinn runs Northfield Rail.", encoding="utf-8")
    code = ("import sys\nsys.modules['pyarrow'] = None\nfrom kg.ingest import iter_articles\n"
            f"for item in iter_articles([{str(tmp_path / 'news.parquet')!r}, {str(tmp_path / 'other.txt')!r}]):\n"
            "    print(getattr(item, 'message', None) or item.text)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("[E021]") and "news.parquet" in lines[0] and "kg-news[tables]" in lines[0]
    assert lines[1] == "Marta Quinn runs Northfield Rail."


def test_a_data_frame_and_a_list_of_them():
    frame = pd.DataFrame({"body": ["Acme Corp bought Widget Works on Monday.", "  ", float("nan")],
                          "headline": ["Acme buys", "Blank", "Missing"],
                          "published": [pd.Timestamp("2024-05-06 10:30", tz="UTC"), pd.NaT, pd.NaT]},
                         index=["a", "b", "c"])
    for inputs in (frame, [frame]):
        articles, problems = split(iter_articles(inputs if isinstance(inputs, list) else [inputs], columns=COLUMNS))
        assert problems == [("E330", 2), ("E330", 3)]
        [article] = articles
        assert article.title == "Acme buys" and article.date == "2024-05-06T10:30:00Z"
        assert article.origin == "<data frame 1>:1"


def test_unknown_column_field_is_refused():
    with pytest.raises(KGError, match=r"\[E333\].*'body'"):
        list(iter_articles([str(WEB / "news.csv")], columns={"body": "text"}))


@pytest.mark.slow
def test_kg_build_takes_a_data_frame(nlp):
    import kg
    frame = pd.DataFrame({"body": ["Marta Quinn is the chief executive of Northfield Rail.",
                                   "Acme Corp bought Widget Works on Monday."], "id": ["q", "a"]})
    for inputs in (frame, [frame]):
        result = kg.build(inputs, nlp=nlp, columns={"text": "body"})
        assert result.summary.articles == 2 and result.summary.problems == 0
        ids = {r["id"] for r in kg.select(result.graph, "SELECT ?id WHERE { ?a schema:identifier ?id }")}
        assert ids == {"q", "a"}


def test_cli_column_options(tmp_path):
    from typer.testing import CliRunner
    from kg.cli import app
    result = CliRunner().invoke(app, ["build", str(WEB / "news.csv"), "-o", str(tmp_path / "out"), "-q",
                                      "--text-column", "body", "--title-column", "headline",
                                      "--date-column", "published", "--no-copies"])
    assert result.exit_code == 1, result.output  # row 3 has no text: skipped, reported
    assert "[E330]" in result.output and "news.csv:3" in result.output
    turtle = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert '"Ferry resumes"' in turtle and '"2024-03-13"^^xsd:date' in turtle
