"""Interns who cannot continue (form 18): reported, filed with OTIT, resolved."""
