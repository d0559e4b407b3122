"""notebooks/explore.ipynb runs from top to bottom in a fresh kernel, and is committed without outputs."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
        assert "execution" not in cell.metadata
    assert "widgets" not in nb.metadata


@pytest.mark.slow
def test_notebook_runs_without_errors(monkeypatch):
    # The kernel is a new process: make it import kg from this checkout, as pytest does.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and the traceback, on any error
    text = "\n".join(str(output.get("data", {}).get("text/plain", "")) + str(output.get("text", ""))
                     for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs)
    assert "threatens to sue" in text and "Elon Musk" in text
    html = "\n".join(output.get("data", {}).get("text/html", "")
                     for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs)
    assert html.count("<iframe srcdoc=") == 2 and "vis.Network" in html
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    assert errors == []
