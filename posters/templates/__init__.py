"""Commented starting specs that `posters new` fills in with placeholder text in each requested language."""
