"""`python -m kg` is the `kg` command."""
from .cli import main

main()
