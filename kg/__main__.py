import sys

if __name__ == "__main__":  # python -m kg; importing this module (doctest collection) runs nothing
    try:
        from .cli import main
    except KeyboardInterrupt:  # Ctrl-C while the command's modules are still being imported
        sys.exit(130)
    main()
