"""NLP: lazily loaded spaCy pipelines (GiNZA for Japanese, blank English + lemminflect)."""
