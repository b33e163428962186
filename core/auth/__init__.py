"""Accounts, roles, sign-in tokens and the scope of what each account may see."""
