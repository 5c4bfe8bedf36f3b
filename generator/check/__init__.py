"""Checking a card: metadata against the Hub's rules, every table number against records and model-index."""
