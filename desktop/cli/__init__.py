"""The ``hotline`` command: one entry point, a sub-command per area (rules, db, ticket, demo...)."""
