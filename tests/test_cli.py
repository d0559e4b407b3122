"""Each command runs on the bundled example; a bad path is a usage error (exit code 2)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from kg.cli import app

runner = CliRunner()


def test_build_writes_turtle_and_html(tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.ttl").stat().st_size > 1000
    assert (tmp_path / "graph.html").stat().st_size > 1000
    assert "2 articles" in result.output and "triples" in result.output


def test_extract_tsv_is_carb_input(tmp_path):
    sentence = "Elon Musk has threatened to sue Microsoft."
    (tmp_path / "s.txt").write_text(sentence + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", "--lines", "--format", "tsv", str(tmp_path / "s.txt")])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert ["has threatened to sue", "Elon Musk", "Microsoft"] in [r[2:5] for r in rows]
    assert all(r[0] == sentence and 0 < float(r[1]) <= 1 for r in rows)


def test_extract_jsonl_has_predicates_and_entities():
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(EXAMPLES)])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    hit = [r for r in records if r["relation"] == "has threatened to sue"]
    assert hit and hit[0]["predicates"][0] == "threatens-suit"
    assert hit[0]["subject_entity"] == "person/elon-musk"
    assert hit[0]["object_entities"][0] == "organization/microsoft"


def test_query_formats(seed_outdir):
    query = "SELECT ?o WHERE { ?s kg:threatens-suit ?o }"
    table = runner.invoke(app, ["query", str(seed_outdir / "graph.ttl"), query])
    assert table.exit_code == 0 and "microsoft" in table.output
    as_csv = runner.invoke(app, ["query", str(seed_outdir / "graph.ttl"), query, "--format", "csv"])
    assert list(csv.reader(io.StringIO(as_csv.output)))[1][0].endswith("organization/microsoft")
    as_json = json.loads(runner.invoke(app, ["query", str(seed_outdir / "graph.ttl"), query,
                                             "--format", "json"]).output)
    assert as_json["results"]["bindings"][0]["o"]["value"].endswith("organization/microsoft")


def test_query_from_file(seed_outdir, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a schema:NewsArticle }", encoding="utf-8")
    result = runner.invoke(app, ["query", str(seed_outdir / "graph.ttl"), "-f", str(rq), "--format", "csv"])
    assert result.exit_code == 0 and result.output.splitlines()[1] == "2"


def test_bad_paths_exit_2(tmp_path):
    for args in (["build", str(tmp_path / "missing.txt")], ["extract", str(tmp_path / "missing")],
                 ["query", str(tmp_path / "missing.ttl"), "SELECT * {}"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert "[E001]" in result.output and "missing" in result.output


def test_bad_query_and_missing_model_exit_2(seed_outdir, tmp_path):
    bad = runner.invoke(app, ["query", str(seed_outdir / "graph.ttl"), "SELEC nonsense"])
    assert bad.exit_code == 2 and "[E010]" in bad.output
    (tmp_path / "a.txt").write_text("Musk sued Microsoft.", encoding="utf-8")
    missing = runner.invoke(app, ["build", str(tmp_path / "a.txt"), "--model", "no_such_model", "-o", str(tmp_path)])
    assert missing.exit_code == 2 and "[E002]" in missing.output and "Traceback" not in missing.output


def test_installed_entry_point_runs(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "nope.txt")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "[E001]" in proc.stderr


def test_the_command_freezes_the_heap_when_it_ends(monkeypatch):
    """Python's last collection walks the whole heap, a build's pipeline and graph included
    (about 0.1 to 0.2 s), to free what the exit frees anyway: ``kg`` freezes the heap first,
    however the command ends."""
    import gc
    import kg.cli as cli

    def command():
        raise SystemExit(0)

    monkeypatch.setattr(cli, "app", command)
    before = gc.get_freeze_count()
    try:
        with pytest.raises(SystemExit):
            cli.main()
        assert gc.get_freeze_count() > before
    finally:
        if before == 0:
            gc.unfreeze()
