"""Issue 8: the hostile-input corpus (generated at test time, never committed) and its run driver."""
