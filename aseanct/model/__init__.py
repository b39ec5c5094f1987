"""The typed model of the knowledge base: record shapes, what they declare, and the Registry."""
