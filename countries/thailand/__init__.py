"""Thailand: agreement 1999, first trainees 2000. See README.md for sources."""
