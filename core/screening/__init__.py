"""Screening: evaluating a call's criteria against what is known of a candidate."""
