"""Vietnam: agreement 2005, first technical interns 2006. See README.md for sources."""
