"""Product-kind profiles that change the verdict, and a company's register of claims.

* ``linter.profiles.names``: the profile names and which older profile each extends
  (imported by rule selection, so kept free of heavy imports);
* ``linter.profiles.lists``: the positive lists in ``rules/profiles/*.yaml``;
* ``linter.profiles.register``: ``medlint-claims.yaml``;
* ``linter.profiles.accept``: :func:`accept_findings`, the chain step that moves
  findings whose sentence states permitted or registered wording to ``accepted``,
  reports wording beyond the product's category, missing mandatory statements and
  expired register entries, and (with no profile) suggests one.

Import the functions from their modules; this package's ``__init__`` stays empty so
that rule selection can import ``names`` cheaply.
"""
