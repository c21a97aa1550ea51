"""Segmenting: blocks (paragraphs) → language runs → sentences, all as offsets into the file."""
