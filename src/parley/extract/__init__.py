"""Extractors: pure functions from a parsed article to records with character offsets."""
