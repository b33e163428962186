"""The transition from TITP to ESD: the explained check of a person's programme and
the steps the transition rules leave open (:mod:`core.services.transition`)."""
