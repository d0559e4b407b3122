from __future__ import annotations

import gzip
import io
import json

import pytest

from kg.ingest import Problem, iter_articles, normalize_text, parse_text_document
from kg.nlp import split_paragraphs


def articles(items):
    return [i for i in items if not isinstance(i, Problem)]


def problems(items):
    return [i for i in items if isinstance(i, Problem)]


def test_normalize_text_keeps_length_and_plain_quotes():
    raw = "Microsoft\u2018s \u201cdata\u201d\u00a0use\r\nnext"
    text = normalize_text(raw)
    assert len(text) == len(raw)
    assert text == "Microsoft's \"data\" use \nnext"


def test_leading_date_on_the_same_line_is_metadata():
    article = parse_text_document(" date 2023-04-20 In a shocking turn of events, Musk spoke.", "a.txt", "a")
    assert article.meta.date == "2023-04-20"
    assert article.text.startswith("In a shocking")


def test_metadata_lines_are_not_text():
    article = parse_text_document("title: Musk and Microsoft\nsource: Sky News\n\nBody text.", "a.txt", "a")
    assert (article.meta.title, article.meta.source) == ("Musk and Microsoft", "Sky News")
    assert article.text.strip() == "Body text."


def test_seed_files_read_with_their_date(tmp_path):
    from conftest import EXAMPLES
    found = articles(iter_articles([str(EXAMPLES)]))
    assert [a.id for a in found] == ["000_fc52247e3c641696", "001_709061641652e054"]
    assert found[0].meta.date == "2023-04-20"


def test_jsonl_fields_and_bad_lines_name_file_and_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a1", "text": "Musk sued Microsoft.", "title": "T", "date": "2023-04-20",
                    "url": "https://example.com/a", "source": "BBC News"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "Apple stopped advertising on Twitter."}),
    ]), encoding="utf-8")
    items = list(iter_articles([str(path)]))
    good = articles(items)
    assert [a.meta.title for a in good] == ["T", None]
    assert good[0].meta.url == "https://example.com/a" and good[0].meta.source == "BBC News"
    assert [p.line for p in problems(items)] == [2, 3, 4]
    assert all(str(path) in p.message and f":{p.line}" in p.message for p in problems(items))


def test_jsonl_gz_and_folders_are_read_recursively(tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    with gzip.open(sub / "x.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "z", "text": "Musk bought Twitter."}) + "\n")
    (tmp_path / "a" / "y.txt").write_text("Microsoft backed OpenAI.", encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("nope", encoding="utf-8")
    assert sorted(a.id for a in articles(iter_articles([str(tmp_path)]))) == ["y", "z"]


def test_stdin_text_and_lines():
    text = b"Musk bought Twitter.\nMicrosoft backed OpenAI.\n"
    assert len(articles(iter_articles(["-"], stdin=io.BytesIO(text)))) == 1
    assert len(articles(iter_articles(["-"], lines=True, stdin=io.BytesIO(text)))) == 2


def test_missing_path_is_a_problem_not_an_exception(tmp_path):
    items = list(iter_articles([str(tmp_path / "nope.txt")]))
    assert len(items) == 1 and "[E001]" in items[0].message


@pytest.mark.parametrize("text,expected", [
    ("US\n\nElon Musk has threatened to sue Microsoft.", ["US", "Elon Musk has threatened to sue Microsoft."]),
    ("Read more:\nHave Musk's actions cost Twitter users?", ["Read more:", "Have Musk's actions cost Twitter users?"]),
    ("A long line of wrapped text that goes on and\non to the next line.", ["A long line of wrapped text that goes on and on to the next line."]),
])
def test_paragraphs_split_on_blank_lines_and_headings(text, expected):
    parts = split_paragraphs(text)
    assert [p for _, p in parts] == expected
    assert all(text[o:o + len(p)].replace("\n", " ") == p for o, p in parts)
