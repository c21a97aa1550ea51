"""Authoring: tools for rule writers (run a rule's examples, explain a match)."""
