"""Build kg with its per-token work compiled to C by mypyc, where a C compiler is at hand.

kg's rules and resolution are Python, run for every token, sentence and name of every article;
compiled by mypyc (mypy's compiler, with which mypy and black are built), kg's reading of an
article costs about a quarter less (docs/BENCHMARKS.md, eighteenth and nineteenth rounds). The Python sources stay
the reference: the compiled modules are built from them, unchanged, and give the same graph
(tests/test_compiled.py).

* ``pip install .`` (``make demo``) and a wheel compile :data:`COMPILED`. Without a C compiler,
  or if mypyc refuses the code, the build says why and installs the pure Python modules.
* ``pip install -e .`` (``make test``) compiles nothing: in a checkout the ``.py`` files run, so
  that an edit takes effect at once.
* ``KG_PURE=1`` skips compilation everywhere.

Everything else (the metadata, the packages) is in ``pyproject.toml``.
"""

from __future__ import annotations

import glob
import os
import sys

from setuptools import Distribution, setup
from setuptools.command.build_ext import build_ext

COMPILED = [
    "kg/extract/__init__.py", "kg/extract/candidate.py", "kg/extract/classes.py", "kg/extract/confidence.py",
    "kg/extract/events.py", "kg/extract/gates.py", "kg/extract/literals.py", "kg/extract/locations.py",
    "kg/extract/nominal.py", "kg/extract/paths.py", "kg/extract/predicates.py", "kg/extract/reciprocal.py",
    "kg/extract/spans.py", "kg/extract/speech.py", "kg/extract/verbs.py",
    "kg/nlp/tokens.py", "kg/resolve/document.py", "kg/resolve/names.py", "kg/resolve/references.py",
    "kg/pipeline/article.py",
]
"""The modules that run per token, sentence or name: where an article's reading spends its
time (``kg/nlp/tokens.py`` is the parse tree they walk; its thread-local caches live in
``kg/nlp/threads.py``, as a compiled class cannot extend ``threading.local``). The rest (input,
the corpus-wide merge, RDF, servers, CLI) is not worth a compiler's constraints: a compiled
class has no ``__dict__`` and cannot be subclassed by Python code, and the input and RDF
modules spend their time in what they call (a trial compiling them gained nothing measurable:
docs/BENCHMARKS.md, nineteenth round)."""


class _AlwaysBinary(Distribution):
    """A distribution with extension modules, so that ``build_ext`` runs and :class:`_BuildExt`
    decides there whether to compile."""

    def has_ext_modules(self) -> bool:
        return True


def _not_compiled(exc: BaseException) -> None:
    if isinstance(exc, KeyboardInterrupt):
        raise exc
    print(f"kg: not compiled ({type(exc).__name__}: {exc}); installing the pure Python modules", file=sys.stderr)


_EDITABLE = {"editable_wheel", "develop"} & set(sys.argv)
"""``pip install -e``: setuptools runs this file with one of these commands (PEP 660's or the old
one). build_ext's ``editable_mode`` alone is no guide: it may be set after the options are final."""


class _BuildExt(build_ext):
    """Compiles when it runs, not when its options are made final: ``egg_info`` finalizes it too
    (for the sources of the extensions), and mypyc takes a minute and more."""

    def run(self) -> None:
        if _EDITABLE or self.editable_mode or os.environ.get("KG_PURE"):
            return
        try:
            from mypyc.build import mypycify
            self.distribution.ext_modules = mypycify(["--config-file", "pyproject.toml", *COMPILED],
                                                     multi_file=True)  # a C file per module, not one of all
        except BaseException as exc:  # mypyc exits when the type check fails
            _not_compiled(exc)
            return
        self.distribution.reinitialize_command("build_ext")  # this command, made again with the extensions
        self.ensure_finalized()
        try:
            super().run()
        except BaseException as exc:  # no C compiler, or no Python headers
            # No half-compiled package: a module compiled without the library it links to fails to import.
            for built in glob.glob(os.path.join(self.build_lib, "**", "*.so"), recursive=True):
                os.remove(built)
            self.distribution.ext_modules = self.extensions = []
            _not_compiled(exc)


setup(distclass=_AlwaysBinary, cmdclass={"build_ext": _BuildExt})
