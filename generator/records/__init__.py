"""Records: the dataclasses, the builder that resolves them, loading, schemas, citations, numbers."""
