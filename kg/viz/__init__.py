"""The interactive HTML view: :mod:`.select` picks the entities, :mod:`.layout` places big
graphs, :mod:`.html` renders the page (``template.html``, ``app.js``, ``app.css``) and
:mod:`.browser` opens it in headless Chromium for tests and benchmarks."""
