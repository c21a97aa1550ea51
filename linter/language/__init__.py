"""Language: which pipeline (Japanese or English) reads each stretch of text."""
