"""Group job interviews for returnees, held by the ministries: sessions, companies, outcomes."""
