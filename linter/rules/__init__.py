"""Rule data: the model, the schemas that validate it, and the loader that reads rule folders."""
