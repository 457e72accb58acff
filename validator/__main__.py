"""Allow ``python -m validator``."""

from validator.entry import main

if __name__ == "__main__":
    main()
