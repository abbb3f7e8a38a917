"""Corpus ingestion: the per-article function mapped over workers or a Dask cluster (issue 6)."""

from eventwire.scale.ingest import ingest_corpus

__all__ = ["ingest_corpus"]
