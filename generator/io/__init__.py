"""Files and data in and out: text and JSON (files), YAML both ways (yamlio), the limits and checks
all read data shares (data), atomic writes (files)."""
