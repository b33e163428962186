"""``python -m core`` runs the ``imjapan`` command."""

from core.cli import main

main()
