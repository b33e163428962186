"""An ESD worker's route to Specified Skilled Worker (i): skills test sittings, the
year-one obligations with their due dates, and the change to SSW (i)."""
