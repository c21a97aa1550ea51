"""Findings: what a report says about one claim (or one missing disclosure)."""
