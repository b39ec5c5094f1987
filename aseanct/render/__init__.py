"""Renderers: one module per output family. They return strings or Rich renderables; only the
command layer writes them. Rich is imported inside the functions that need it."""
