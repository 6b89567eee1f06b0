"""The ceiling: the fastest a Django page of the same size can be served on this machine."""
