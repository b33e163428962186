"""Accounts: signing in and out, the signed-in account, account administration."""
