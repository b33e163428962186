"""Accounts: signing in and out, the signed-in account, and account administration."""
