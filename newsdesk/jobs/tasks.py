"""Tasks on Django's Tasks API. Each takes only a stage's name and row ids and re-reads its
rows, so a task that runs late, twice, or after its rows were deleted does the right thing
(linkding's pattern)."""

from __future__ import annotations

from django_tasks import task

from newsdesk.pipeline import steps


@task()
def run_stage(stage_name: str, row_ids: list[int]) -> None:
    steps.stage(stage_name).run(row_ids)


@task()
def finish_stage(stage_name: str) -> None:
    after = steps.stage(stage_name).after
    if after is not None:
        after()
