"""Transfers of ESD workers to another employer, with their explained checks and the
repayment of the first employer's costs, and the workers' employment history."""
