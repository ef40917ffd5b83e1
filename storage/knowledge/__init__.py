"""The knowledge base in storage: articles in the database, the workstation's search index, the desk's service.

- storage.knowledge.repository: ``KnowledgeRepository`` (``uow.knowledge``), rows <-> hotline.knowledge objects
- storage.knowledge.indexing: ``IndexKeeper`` keeps a ``storage.search.KnowledgeIndex`` in step with the database
- storage.knowledge.center_search: the center's search on PostgreSQL (tsvector + GIN)
- storage.knowledge.service: ``KnowledgeService``, what the desk calls (no Qt): search, read, edit ... publish
- storage.knowledge.suggest: ``Suggester``, debounced suggestions on a worker thread with a callback
- storage.knowledge.importer / exporter: Markdown and Word files in, Markdown and JSON out
- storage.knowledge.demo: the demo corpus (resources/knowledge/demo_articles.json)
"""
