"""``python -m services.cli``: the same as the ``newsflow`` command."""

from services.cli import main

main(prog_name="newsflow")  # its usage names the command people type
