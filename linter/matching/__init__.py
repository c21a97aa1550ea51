"""Matching: rule patterns → spaCy Matcher, PhraseMatcher, DependencyMatcher; the prefilter."""
