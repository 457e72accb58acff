"""Allow ``python -m validator``."""

from validator.cli.entry import main

if __name__ == "__main__":
    main()
