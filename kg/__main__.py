import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while spaCy and rdflib are still being imported
    sys.exit(130)

main()
