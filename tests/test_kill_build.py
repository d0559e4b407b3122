"""SIGKILL a real `kg build` at random moments, again and again: graph.ttl and graph.html are always
either the old complete file or the new complete one, never a truncated or mixed one."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

from conftest import EXAMPLES, ROOT
from longtext import long_article

OUTPUTS = ("graph.ttl", "graph.html")
MIN_KILLS, MAX_KILLS = 12, 30


def kg_build(inputs: Path, outdir: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", "build", str(inputs), "-o", str(outdir)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def snapshot(outdir: Path) -> dict[str, bytes | None]:
    return {name: (outdir / name).read_bytes() if (outdir / name).exists() else None for name in OUTPUTS}


def replaced_at(proc: subprocess.Popen, outdir: Path) -> dict[str, float]:
    """Seconds from start until each output was renamed into place (its inode changed)."""
    started = time.perf_counter()
    inodes = {name: (outdir / name).stat().st_ino for name in OUTPUTS}
    seen: dict[str, float] = {}
    while proc.poll() is None or len(seen) < len(OUTPUTS):
        for name in OUTPUTS:
            if name not in seen and (outdir / name).stat().st_ino != inodes[name]:
                seen[name] = time.perf_counter() - started
        if proc.poll() is not None and len(seen) < len(OUTPUTS):
            break
        time.sleep(0.002)
    assert proc.wait() == 0
    return seen


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Two inputs with different graphs; the second is big enough that writing takes a while."""
    root = tmp_path_factory.mktemp("kill")
    text, _ = long_article(600_000, seed=11)
    sentences = [s.strip() + "." for s in text.replace("\n\n", " ").split(".") if s.strip()]
    feed = root / "b"
    feed.mkdir()
    with open(feed / "feed.jsonl", "w", encoding="utf-8") as handle:
        for i in range(200):
            handle.write(json.dumps({"id": f"b{i}", "text": " ".join(sentences[3 * i:3 * i + 3])}) + "\n")
    references = {}
    for name, inputs in (("a", EXAMPLES), ("b", feed)):
        out = root / f"ref-{name}"
        assert kg_build(inputs, out).wait() == 0
        references[name] = snapshot(out)
    return {"a": EXAMPLES, "b": feed}, references


def check_complete(data: bytes, name: str) -> None:
    if name == "graph.ttl":
        expected = len(Graph().parse(data=data.decode("utf-8"), format="turtle"))
        assert len(list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))) == expected > 0
    else:
        assert data.rstrip().endswith(b"</html>")


@pytest.fixture(scope="module")
def timing(corpora, tmp_path_factory):
    """When, after the start of a build of "b" over the outputs of "a", is each output replaced?"""
    inputs, references = corpora
    outdir = tmp_path_factory.mktemp("calibrate")
    assert kg_build(inputs["a"], outdir).wait() == 0
    assert snapshot(outdir) == references["a"]
    return replaced_at(kg_build(inputs["b"], outdir), outdir)


@pytest.mark.slow
def test_sigkill_at_random_points_never_leaves_a_partial_output(corpora, timing, tmp_path):
    inputs, references = corpora
    for name in ("a", "b"):
        for file, data in references[name].items():
            check_complete(data, file)
        assert references["a"][file] != references["b"][file]
    outdir = tmp_path / "out"
    assert kg_build(inputs["b"], outdir).wait() == 0
    t_ttl, t_html = timing["graph.ttl"], timing["graph.html"]
    current = "b"
    rng = random.Random(20231120)
    outcomes: list[str] = []
    kills = 0
    while kills < MIN_KILLS or not {"old", "new"} <= set(outcomes):
        assert kills < MAX_KILLS, f"kills never straddled the writes: {outcomes} (ttl {t_ttl:.2f}s, html {t_html:.2f}s)"
        target = "a" if current == "b" else "b"
        # Half anywhere in the run, half around the writes.
        delay = rng.uniform(0, t_html) if kills % 2 else rng.uniform(max(0, t_ttl - 0.3), t_html + 0.05)
        proc = kg_build(inputs[target], outdir)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        state = snapshot(outdir)
        for file, data in state.items():
            assert data is not None, f"{file} disappeared"
            check_complete(data, file)
            assert data in (references[current][file], references[target][file]), \
                f"{file} after a kill at {delay:.2f}s is neither the old nor the new file"
        ttl_new = state["graph.ttl"] == references[target]["graph.ttl"]
        outcomes.append("new" if ttl_new else "old")
        if ttl_new and state["graph.html"] == references[target]["graph.html"]:
            current = target
        elif ttl_new:
            # Killed between the two writes: finish with a full build so both files agree again.
            assert kg_build(inputs[target], outdir).wait() == 0
            current = target
    # A killed build leaves at most hidden temporary files and the work folder it would resume from
    # (whole shards, and hidden temporary ones), never a visible partial file.
    leftovers = {p.name for p in outdir.iterdir()} - set(OUTPUTS) - {".kg-work"}
    assert all(n.startswith((".graph.ttl.", ".graph.html.")) and n.endswith(".tmp") for n in leftovers), leftovers
    work = outdir / ".kg-work"
    for path in work.rglob("*") if work.exists() else ():
        assert path.is_dir() or re.fullmatch(r"shard-\d+\.pkl|\.shard-.*\.tmp", path.name), path


@pytest.mark.slow
def test_ctrl_c_during_a_build_exits_130_with_a_message_and_keeps_the_old_output(corpora, tmp_path):
    inputs, references = corpora
    outdir = tmp_path / "out"
    assert kg_build(inputs["a"], outdir).wait() == 0
    # A bad first input: its message on stderr says the model is loaded and articles are being read.
    # The next input is a named pipe that nobody writes to, so the build is still running, waiting
    # for it, when Ctrl-C comes, however slowly this test gets to send it.
    feed = tmp_path / "in"
    feed.mkdir()
    (feed / "0-bad.jsonl").write_text("{not json\n", encoding="utf-8")
    os.mkfifo(feed / "feed.jsonl")
    # A shell runs background jobs with SIGINT ignored, and Python keeps an ignored SIGINT ignored:
    # give the build the default, as a terminal would.
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(feed / "0-bad.jsonl"), str(feed / "feed.jsonl"),
                             "-o", str(outdir)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    first = proc.stderr.readline()
    assert "[E003]" in first, first
    proc.send_signal(signal.SIGINT)
    rest = proc.communicate(timeout=120)[1]
    assert proc.returncode == 130, rest
    assert "[E308]" in rest and "Traceback" not in rest
    assert snapshot(outdir) == references["a"]
