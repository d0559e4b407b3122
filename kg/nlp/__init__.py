"""NLP: the spaCy pipeline that parses articles, with kg's own components.

:mod:`.pipeline` loads a pipeline and parses articles paragraph by paragraph;
:mod:`.rule_components` gives spaCy's attribute ruler and lemmatizer the same answers faster;
:mod:`.entity_context` corrects the small model's entity labels from context;
:mod:`.lexicon` reads the word lists in ``kg/data/lexicon.json`` once.
"""

from __future__ import annotations

from .lexicon import lexicon
from .pipeline import (DEFAULT_MODELS, MAX_CHUNK, PARSE_BATCH, Paragraph, default_model, load_pipeline,
                       model_name, parse_articles, split_paragraphs)

__all__ = ["DEFAULT_MODELS", "MAX_CHUNK", "PARSE_BATCH", "Paragraph", "default_model", "lexicon", "load_pipeline",
           "model_name", "parse_articles", "split_paragraphs"]
