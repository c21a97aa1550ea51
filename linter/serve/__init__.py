"""``medlint serve``: a local web page where reviewers paste or upload a draft."""
