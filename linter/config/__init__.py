"""Configuration: [tool.medlint] in pyproject.toml or .medlint.toml, found from each file upward."""
