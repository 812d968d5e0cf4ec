"""Item pipelines: normalise, validate, store (DESIGN §3)."""
