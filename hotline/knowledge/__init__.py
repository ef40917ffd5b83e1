"""The knowledge base (知识库) as pure domain: articles, their lifecycle, roles, versions and diffs.

- ``article``: Article (the working copy), ArticleVersion (a published text, kept for ever), ArticleStatus
- ``roles``: Role and Actor (who acts, for which unit)
- ``lifecycle``: create / edit / submit / approve / reject / publish / archive / import_published; each
  checks the actor's role and unit and raises a named KnowledgeError
- ``errors``: the named refusals
- ``diff``: a readable diff between two versions
- ``review``: review-overdue flags and counts per unit (凉山 第二十二条(四))

No Qt, no SQLAlchemy: storage.knowledge persists these objects.
"""
