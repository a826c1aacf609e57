import os

# Arrow's own allocator keeps what a run's tables freed for reuse, and a run allocates in
# bursts (the scan, each file of the commit): memory goes back to the system instead (a
# run's peak at 100,000 articles 267 MB → 240). Read when pyarrow loads: before any import.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from extract.cli import main

raise SystemExit(main())
