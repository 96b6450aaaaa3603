"""Poster specs: YAML loading with positions, the data model, and validation."""
