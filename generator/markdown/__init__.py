"""Markdown text: the fence scanner, sanitizing and escaping, frontmatter splitting."""
