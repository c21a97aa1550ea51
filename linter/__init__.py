"""medlint: a linter for health and medical advertising claims (Japanese and English)."""

__version__ = "0.1.0"
