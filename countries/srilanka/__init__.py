"""Sri Lanka: agreement 2017, first technical interns 2018. See README.md for sources."""
