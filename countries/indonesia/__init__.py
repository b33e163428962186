"""Indonesia: agreement 1992, first trainees 1993. See README.md for sources."""
