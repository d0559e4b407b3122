"""Load a spaCy pipeline and parse articles paragraph by paragraph.

Each paragraph is parsed as its own ``Doc``: a heading such as "US" or a "Read more:"
block then never fuses with the next sentence, and an article of any length stays
within spaCy's ``max_length``. Offsets are kept: a :class:`Paragraph` knows where its
text starts in the article body.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import entity_context  # noqa: F401  (registers the kg_entity_context factory)
from .rule_components import speed_up_rule_components
from .lexicon import lexicon
from ..defaults import DEFAULT_MODELS, default_model
from ..errors import Errors, KGError
from ..model import Article

__all__ = ["DEFAULT_MODELS", "MAX_CHUNK", "PARSE_BATCH", "Paragraph", "default_model", "load_pipeline",
           "split_paragraphs", "parse_articles", "model_name"]

MAX_CHUNK = 10_000
PARSE_BATCH = 128
"""Paragraphs per spaCy batch. A build parses its articles 16 at a time, about 70 paragraphs
(6,000 tokens) of BBC news: at 64 most calls ran a full batch and a small one, and parsing took
about 2% more CPU than with the whole call in one batch. spaCy's working memory grows with the
batch: a ``--store`` build of 2,000 Reuters articles (16 of them are about 90 short paragraphs)
peaks about 40 MB higher than at 64. ``bench/parse_batches.py`` times the sizes;
docs/BENCHMARKS.md, fifteenth round, has both figures."""
_LINE_END = frozenset('.!?:;"\')')
_BLANK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Paragraph:
    offset: int
    doc: Doc
    text: str = ""
    """The paragraph as parsed (``doc.text``, which spaCy rebuilds from the tokens on every
    access; empty when the paragraph was made without it)."""

    @property
    def plain(self) -> str:
        """The paragraph's text, kept or rebuilt."""
        return self.text or self.doc.text


def model_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def load_pipeline(model: str | None = None) -> Language:
    """Load ``model`` (an installed package name or a path) and add kg's entity patterns; its
    attribute ruler and lemmatizer give the same answers faster (:mod:`.rule_components`)."""
    name = model or default_model()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise KGError(Errors.E002.format(model=name)) from exc
    _keep_prefixed_hyphens(nlp)
    speed_up_rule_components(nlp)
    patterns = Path(str(resources.files("kg").joinpath("data", "entity_patterns.jsonl")))
    if patterns.exists() and "ner" in nlp.pipe_names:
        # After the statistical NER, so that the patterns correct its systematic errors.
        ruler = nlp.add_pipe("entity_ruler", name="kg_entity_patterns", after="ner",
                             config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
        ruler.from_disk(patterns)
        nlp.add_pipe("kg_entity_context", after="kg_entity_patterns")
    return nlp


def _keep_prefixed_hyphens(nlp: Language) -> None:
    """Keep "co-founder", "ex-wife", "lay-offs" as one token, as the Penn Treebank does.

    spaCy splits every hyphen between letters; a split prefix is parsed as a noun of its own
    ("a co - founder" becomes three coordinated attributes).
    """
    guards = "".join(rf"(?<!\b{p})(?<!\b{p.capitalize()})" for p in sorted(lexicon().hyphen_prefixes))
    infixes = []
    for pattern in nlp.Defaults.infixes:
        if "-" in pattern and pattern.startswith("(?<=[A-Za-z") and "(?=[" in pattern:
            pattern = guards + pattern
        infixes.append(pattern)
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def _is_hard_wrap(line: str) -> bool:
    """A long line that does not end a sentence was wrapped, not ended."""
    stripped = line.rstrip()
    return len(stripped.split()) >= 7 and stripped[-1:] not in _LINE_END


def split_paragraphs(text: str, max_chunk: int = MAX_CHUNK) -> list[tuple[int, str]]:
    """(offset, text) per paragraph. Blank lines always split; a single line break splits
    unless the line looks hard-wrapped. Line breaks kept inside a paragraph become spaces.

    A paragraph longer than ``max_chunk`` characters is cut at the last sentence end (". ")
    before the limit, else at the last space, else at the limit: spaCy refuses a text longer
    than its ``max_length``, and its parser needs about 1 GB per 100,000 characters.
    """
    out: list[tuple[int, str]] = []
    start = 0
    for block_match in [*_BLANK.finditer(text), None]:
        end = block_match.start() if block_match else len(text)
        _split_lines(text, start, end, out, max_chunk)
        if block_match:
            start = block_match.end()
    return out


def _split_lines(text: str, start: int, end: int, out: list[tuple[int, str]], max_chunk: int) -> None:
    para_start = start
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        if nl < 0:
            break
        if not _is_hard_wrap(text[pos:nl]):
            _emit(text, para_start, nl, out, max_chunk)
            para_start = nl + 1
        pos = nl + 1
    _emit(text, para_start, end, out, max_chunk)


def _emit(text: str, start: int, end: int, out: list[tuple[int, str]], max_chunk: int) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if not chunk:
        return
    start += lead
    while len(chunk) > max_chunk:
        cut = chunk.rfind(". ", 0, max_chunk) + 1
        if cut <= 0:
            cut = chunk.rfind(" ", 0, max_chunk)
        if cut <= 0:
            cut = max_chunk
        out.append((start, chunk[:cut].replace("\n", " ")))
        rest = chunk[cut:]
        skipped = len(rest) - len(rest.lstrip())
        start += cut + skipped
        chunk = rest.lstrip()
    if chunk:
        out.append((start, chunk.replace("\n", " ")))


def parse_articles(nlp: Language, articles: Iterable[Article], *, n_process: int = 1,
                   batch_size: int = PARSE_BATCH) -> Iterator[tuple[Article, list[Paragraph]]]:
    """Parse each article's paragraphs with ``nlp.pipe`` and yield them grouped, in order."""
    pending: deque[tuple[Article, int]] = deque()
    texts: deque[str] = deque()
    max_chunk = min(MAX_CHUNK, nlp.max_length)

    def feed() -> Iterator[tuple[str, int]]:
        for article in articles:
            parts = split_paragraphs(article.text, max_chunk)
            pending.append((article, len(parts)))
            for offset, text in parts:
                texts.append(text)
                yield text, offset

    docs = nlp.pipe(feed(), as_tuples=True, n_process=n_process, batch_size=batch_size)
    current: list[Paragraph] = []
    for doc, offset in docs:
        while pending and pending[0][1] == len(current):
            yield pending.popleft()[0], current
            current = []
        current.append(Paragraph(offset, doc, texts.popleft()))
        # Paragraph docs arrive in input order, so an article is complete once it has
        # as many as split_paragraphs produced.
        if pending and pending[0][1] == len(current):
            yield pending.popleft()[0], current
            current = []
    while pending:
        article, count = pending.popleft()
        yield article, current if count else []
        current = []
