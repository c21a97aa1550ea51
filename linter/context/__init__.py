"""Context: decide whether a matched claim is negated, disclaimed or only quoted as an example."""
