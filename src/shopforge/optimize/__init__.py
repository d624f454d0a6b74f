"""Content optimization: understand live content, score it per scenario, diagnose, plan, act, re-score.

Public API (stable; the CLI, the API and the web console call these):

``diagnose_product(session, account, sku, scenario, settings, *, theme=None, analyzer=None, queries=None)
-> Diagnosis`` (``optimize.diagnose``)
    Scores the product's current content (its latest accepted content version: live content imported with the
    catalogue or the agent's last kept change; else its generated contents; else nothing, which yields the
    missing-content findings) for ``scenario`` in ``search | recommend | channel`` (``theme``: a channel theme,
    ``promotion`` or ``new_arrival``). ``Diagnosis.to_public()`` is the ``optimize diagnose --json`` line
    ``{sku, scenario, score, criteria: [{id, score, weight}], findings: [{code, severity, message, evidence}],
    plan: [{step, tool, expected_gain}]}``; ``to_dict()`` adds the understanding, explanations and the layout
    recommendation. Raises ``LookupError`` for an unknown SKU. ``analyzer`` (an ``ImageAnalyzer``) chooses the
    segmenter and OCR reader; ``queries`` maps a SKU, a category or ``"*"`` to search queries.

``list_traces(session, account, sku=None, *, scenario=None) -> list[Trace]`` (``optimize.traces``)
    Every optimisation run of the account (oldest first), each with its steps: the findings answered, the tool,
    status (kept | reverted | failed | asked), scores before and after, the content versions judged, the
    verification and the tool's provenance. ``Trace.to_dict()`` is JSON-ready.

Also: ``optimize.run.create_optimize_job`` / ``run_optimize_job`` (job kind ``optimize``), ``optimize.report``
(``build_report``, ``render_html``), ``store.versions`` (content versions, append-only). Scenario standards and the
tool list are data: ``knowledge/scenarios/*.yaml``. Behaviour logs, rate statistics and the CTR model
(``logs``, ``stats``, ``ctr_model``) live in this package too.

Importing this package loads nothing heavy: the names above are resolved on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["diagnose_product", "list_traces"]


def __getattr__(name: str) -> Any:
    # Lazy: ``shopforge.optimize.logs`` must not pull in the creative stack just because it shares the package.
    if name == "diagnose_product":
        from shopforge.optimize.diagnose import diagnose_product

        return diagnose_product
    if name == "list_traces":
        from shopforge.optimize.traces import list_traces

        return list_traces
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
