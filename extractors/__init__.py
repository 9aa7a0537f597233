"""Pure extraction stages: bytes or text in, contract models out. No file I/O, no Prefect."""
