"""Group job interviews for returnees: sessions, companies, registrations, outcomes, placement."""
