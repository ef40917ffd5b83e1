"""Knowledge search on the workstation: jieba segmentation + a tantivy index (no Qt, no SQLAlchemy).

Public interface (other packages code against these names):

``storage.search.segment``
    ``index_tokens(text) -> list[str]``    jieba search-mode tokens with the hotline user dictionary,
                                           synonyms normalized (医疗保险 → 医保), latin/digits lower-cased.
    ``query_tokens(text) -> list[str]``    distinct tokens of a query (stopwords such as 怎么/什么 dropped).
    ``tsvector_source(*texts) -> str``     space-joined tokens for ``to_tsvector('simple', :src)``.
    ``tsquery_source(query, mode="or")``   ``'医保' | '报销'`` for ``to_tsquery('simple', :src)``
                                           (mode "and" joins with ``&``); "" for an empty query.
    ``analyzer_fingerprint() -> str``      changes when resources/knowledge/userdict.txt or synonyms.txt do.
    ``segmenter()``                        the process-wide jieba wrapper (loaded once, quietly, thread-safe;
                                           ``segmenter().init_seconds`` is its load time).

``storage.search.index``
    ``SearchDoc(article_id, version, title, body, category, unit_id, tags=(), standard=False,
    updated_at=None)``                     frozen dataclass, one article version.
    ``SearchHit(article_id, version, title, score, title_highlighted, snippet, matched, category,
    unit_id, standard)``                   frozen dataclass; ``title_highlighted`` and ``snippet`` (~80
                                           chars of the body) are HTML-escaped with ``<em>…</em>`` marks.
    ``KnowledgeIndex(path=None)``          in memory, or a directory (created / reopened).
        ``.upsert(docs) -> int``           replaces older versions of the same article_id; one commit.
        ``.delete(article_ids) -> int``    how many were present.
        ``.search(query, *, top=10, unit_id=None, category=None) -> list[SearchHit]``; blank query -> [].
        ``.count() -> int``, ``.clear()`` (also forgets the owner's markers)
        ``.get_meta(key, default=None)`` / ``.set_meta(key, value)``   JSON markers kept beside the index
                                           (e.g. "indexed up to sequence N"); keys starting "_" reserved.
        ``.rebuilt``                       True when opening found an index built with another schema or
                                           dictionary and wiped it: re-index everything.
    Searching from one thread while another upserts is safe (writes are serialized, reads use the last
    committed snapshot).
"""

from storage.search.index import KnowledgeIndex, SearchDoc, SearchHit
from storage.search.segment import index_tokens, query_tokens, tsquery_source, tsvector_source

__all__ = ["KnowledgeIndex", "SearchDoc", "SearchHit", "index_tokens", "query_tokens", "tsquery_source",
           "tsvector_source"]
