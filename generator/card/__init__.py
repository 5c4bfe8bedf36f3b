"""The README format in both directions: frontmatter, model-index, .eval_results, managed blocks, Hub rules, tables."""
