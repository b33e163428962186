"""The fee ledger: what each intern paid to whom, in the currency paid."""
