"""Item pipelines: normalise, validate, store."""
