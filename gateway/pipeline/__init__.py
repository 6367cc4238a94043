"""The runtime pipeline: inbound and outbound steps over the ledger, acks, retries and the embedded runner.

Every step takes a :class:`~gateway.pipeline.context.Runtime` and a ledger id, is idempotent on
that id (running it twice does nothing the second time), and records an event. The embedded
runner (``edi-gateway run``), the demo and the Celery tasks in :mod:`gateway.worker` all call the
same steps, so one code path serves every deployment.
"""
