"""Renderers: one module per output family, returning strings or Rich renderables."""
