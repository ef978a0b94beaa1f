"""`python -m skyport` is the `skyport` command."""

from skyport.cli import main

main()
