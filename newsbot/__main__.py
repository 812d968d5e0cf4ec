"""`python -m newsbot` runs the command line."""

from newsbot.stopping import STOPS

STOPS.note()  # a stop while the program loads is kept for the command to honour

from newsbot.cli import main  # noqa: E402

main()
