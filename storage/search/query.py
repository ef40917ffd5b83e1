"""Turning a query into tantivy queries over the pre-segmented fields of the knowledge index.

Each dictionary word of the query is a term; a run of single characters the dictionary does not know
(an unfamiliar place name such as 瑶溪) is a phrase, so two-character names still hit exactly. Every
term is looked for in the title (×3), the tags (×2) and the body; filters add nothing to the score.
"""

from __future__ import annotations

import tantivy

from storage.search.segment import segmenter

TITLE_BOOST, TAGS_BOOST = 3.0, 2.0
FIELDS = (("title_t", TITLE_BOOST), ("body_t", 1.0), ("tags_t", TAGS_BOOST))


def text_query(schema: tantivy.Schema, terms: list[tuple[str, ...]]) -> tantivy.Query:
    """Any term in any text field (a boolean of SHOULD clauses, BM25-scored)."""
    clauses = []
    for term in terms:
        for field, boost in FIELDS:
            if len(term) == 1:
                q = tantivy.Query.term_query(schema, field, term[0])
            else:
                q = tantivy.Query.phrase_query(schema, field, list(term))
            clauses.append((tantivy.Occur.Should, q if boost == 1.0 else tantivy.Query.boost_query(q, boost)))
    return tantivy.Query.boolean_query(clauses)


def filter_query(schema: tantivy.Schema, field: str, value: str | int) -> tantivy.Query:
    """A term that must match but adds nothing to the score."""
    return tantivy.Query.const_score_query(tantivy.Query.term_query(schema, field, value), 0.0)


def query_terms(query: str) -> list[tuple[str, ...]]:
    """The query as index terms: each dictionary word alone, runs of single characters as phrases.

    A lone single character is dropped when the query has other terms (it would match half the
    corpus); a query of single characters only keeps them.
    """
    seg = segmenter()
    tokens = seg.tokens(query) or [seg.normalize(w) for w in seg.words(query)]
    terms: list[tuple[str, ...]] = []
    run: list[str] = []
    singles: list[tuple[str, ...]] = []

    def flush() -> None:
        if len(run) > 1:
            terms.append(tuple(run))
        elif run:
            singles.append((run[0],))
        run.clear()

    for token in tokens:
        if len(token) == 1 and not token.isascii():
            run.append(token)
            continue
        flush()
        terms.append((token,))
    flush()
    if not terms:
        terms = singles
    return list(dict.fromkeys(terms))
