"""The web reference (`aseanct site`): static HTML pages built from the same data."""
