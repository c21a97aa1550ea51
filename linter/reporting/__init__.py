"""Reporting: findings → text, JSON (and the other formats), plus the run summary."""
