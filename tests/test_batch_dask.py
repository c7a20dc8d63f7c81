"""check_many on a Dask cluster: a LocalCluster of two worker processes, started and shut
down inside this module (about 5 s on the project's 2-core machine, so marked slow; CI
runs it).  The same call a real cluster takes: ``Client(...).get_executor()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govaccts
from govaccts.batch import check_many, find_sources
from govaccts.testing.corpus import write_report_variants

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


def test_a_dask_cluster_gives_the_sequential_results_in_order(tmp_path: Path,
                                                              client: Any) -> None:
    write_report_variants(tmp_path, 6, seed=9)
    (tmp_path / "report-00002" / "manifest.toml").write_text("[report\n", "utf-8")  # corrupt
    sources = [*find_sources([tmp_path]), tmp_path / "missing", govaccts.example_report()]
    seq = list(check_many(sources))
    executor = client.get_executor()
    with distributed.get_task_stream(client) as stream:
        par = list(check_many(sources, executor=executor, chunksize=2))
    assert par == seq
    assert [c.source for c in par] == sources
    assert [c.ok for c in par] == [True, True, False, True, True, True, False, True]
    assert "manifest is not valid TOML" in (par[2].error or "")
    # the cluster did the work: one task per chunk of two sources
    assert len(stream.data) == 4
