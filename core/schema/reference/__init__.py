"""Reference data an administrator keeps: dated rule values and OTIT's occupations."""
