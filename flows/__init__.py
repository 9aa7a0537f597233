"""Prefect flows: orchestration only (discover -> read -> extract -> write; link -> check -> report)."""
