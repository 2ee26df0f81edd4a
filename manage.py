#!/usr/bin/env python
"""Django's usual entry point; `newsdesk` (see newsdesk/cli.py) does the same."""

from newsdesk.cli import main

if __name__ == "__main__":
    main()
