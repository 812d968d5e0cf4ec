"""Getting articles out of the archive as files (seed documents, JSON Lines, CSV, Parquet) and
seed documents back in."""
