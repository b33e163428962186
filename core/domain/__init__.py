"""Domain records shared by core and the country plugins."""
