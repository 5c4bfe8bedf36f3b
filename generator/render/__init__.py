"""Records -> card text: Jinja environments, tables' markdown, plots, HTML preview, build."""
