"""The compiled read path's services: its plan (data), and the one SQL statement per
root field that answers it with JSON text built by the database (:mod:`.sql`)."""
