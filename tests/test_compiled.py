"""The compiled kg (setup.py: the rules and resolution compiled by mypyc, as ``pip install .``
builds it) reads what the Python sources read.

The wheel is built once, from a copy of the sources, into a folder of the test session's; each
check then runs a fresh interpreter with that folder, not the checkout, on its path.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

SHIPPED = ("kg", "ontology", "pyproject.toml", "setup.py", "README.md")


def _compiled_modules() -> list[str]:
    """setup.py's COMPILED, read without running setup()."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    listed = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                  and getattr(node.targets[0], "id", None) == "COMPILED")
    return [ast.literal_eval(element) for element in listed.elts]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> Path:
    """A folder with the compiled kg unpacked from its wheel."""
    work = tmp_path_factory.mktemp("compiled")
    source = work / "source"
    source.mkdir()
    for name in SHIPPED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    # No build isolation: the test extras bring setuptools, wheel and mypy, and no test downloads.
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-w", str(work / "wheel"), str(source)], capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    [wheel] = (work / "wheel").glob("*.whl")
    site = work / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def _run(site: Path | None, code: str, *args: str) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter that imports kg from ``site`` (the checkout's when None)."""
    env = {**os.environ, "PYTHONPATH": str(site if site is not None else ROOT)}
    # Python puts the working folder first on its path: there, the wheel's folder (no kg) or the checkout
    cwd = site.parent if site is not None else ROOT
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True)


def _module(path: str) -> str:
    return path[:-3].replace("/", ".").removesuffix(".__init__")


def test_mypy_checks_every_compiled_module():
    """mypyc compiles what mypy checks with pyproject.toml's settings: a compiled module whose
    errors an override ignored would be compiled over type errors that compiled code then raises
    as it runs (``make test`` runs mypy over every module)."""
    overrides = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]["overrides"]
    ignored = [pattern for override in overrides if override.get("ignore_errors")
               for pattern in override["module"]]
    assert [m for m in map(_module, _compiled_modules()) if any(fnmatch(m, p) for p in ignored)] == []
    assert "kg.extract.verbs" in map(_module, _compiled_modules())


def test_every_listed_module_is_compiled(compiled):
    found = _run(compiled, "import importlib, sys\n"
                           "for name in sys.argv[1:]:\n"
                           "    print(importlib.import_module(name).__file__)",
                 *map(_module, _compiled_modules()))
    assert found.returncode == 0, found.stderr
    files = found.stdout.split()
    assert len(files) == len(_compiled_modules())
    assert all(file.startswith(str(compiled)) and file.endswith(".so") for file in files), files


BUILD = """
import sys
from kg.pipeline.build import build
from kg.export.turtle import write_turtle
write_turtle(build([sys.argv[1]]).graph, sys.argv[2])
"""


def test_the_compiled_build_writes_the_same_graph(compiled, tmp_path):
    for name, site in (("compiled", compiled), ("source", None)):
        done = _run(site, BUILD, str(EXAMPLES), str(tmp_path / f"{name}.ttl"))
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "compiled.ttl").read_bytes() == (tmp_path / "source.ttl").read_bytes()


def test_the_construction_tables_pass_compiled(compiled):
    """Every table of constructions, resolution's tests and the parse caches' (each thread's own
    among them), on the compiled modules: compiled code checks the types it is given, where
    Python only runs."""
    tests = [str(ROOT / "tests" / part) for part in ("extract", "resolve", "test_parse_caches.py")]
    done = _run(compiled, "import sys, pytest, kg.extract.verbs, kg.nlp.tokens\n"
                          "assert kg.extract.verbs.__file__.endswith('.so'), kg.extract.verbs.__file__\n"
                          "assert kg.nlp.tokens.__file__.endswith('.so'), kg.nlp.tokens.__file__\n"
                          "sys.exit(pytest.main(sys.argv[1:]))",
                "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT), "-o", "addopts=", *tests)
    assert done.returncode == 0, done.stdout[-5000:]
    assert " passed" in done.stdout
