"""Files in and out: strict reading of text, JSON and YAML, atomic writes."""
