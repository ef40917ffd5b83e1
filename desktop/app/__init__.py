"""The desk's composition root: engines, storage and jobs wired to the widgets by models and signals."""
