"""posters: YAML poster specs to print-ready, correctly shaped Indic-script PDF posters."""

__version__ = "0.1.0"
