"""Reading: turn a file (text, Markdown, HTML, Word) into text with exact source positions."""
