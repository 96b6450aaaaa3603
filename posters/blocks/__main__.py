"""`python -m posters.blocks` prints the README's table of block kinds and keys."""

from . import keys_markdown

print(keys_markdown())  # noqa: T201
