"""Markdown text: the fence scanner, the ATX heading reader, sanitizing and escaping, frontmatter splitting."""
