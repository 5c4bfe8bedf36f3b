"""Ingest: tool outputs -> record data: Trainer/TRL folders, lm-eval, lighteval, .eval_results, recipes, cards."""
