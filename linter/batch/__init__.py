"""``medlint batch``: lint whole ad inventories on Dask distributed.

Records (JSON Lines ``{"id", "text" | "path", ...}``, a file of paths, or folders) are
read lazily and cut into partitions; each partition is one Dask task that lints its
records with a :class:`linter.api.Linter` built once per worker process, so every
record's findings are exactly what ``Linter.lint_text`` (or ``lint_file`` for path
records) gives.  Finished partitions are written to ``OUT.parts/`` as they arrive
(that is what ``--resume`` keeps), then concatenated in input order into ``OUT``.

Importing this package is cheap: Dask is imported only when a run starts.
"""

from linter.batch.records import Record, iter_records, partitions
from linter.batch.runner import BatchOptions, BatchSummary, run_batch
from linter.batch.worker import lint_partition, lint_record

__all__ = ["BatchOptions", "BatchSummary", "Record", "iter_records", "lint_partition",
           "lint_record", "partitions", "run_batch"]
