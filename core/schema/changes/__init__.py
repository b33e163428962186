"""The change log in GraphQL: ``changes`` and the ``candidateStatusChanged`` subscription."""
