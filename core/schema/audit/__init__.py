"""The audit log of mutations."""
