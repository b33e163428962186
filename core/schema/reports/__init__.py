"""Reports IM Japan files as the supervising organisation: the annual business report."""
