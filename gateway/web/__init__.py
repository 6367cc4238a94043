"""The operations console and JSON API (FastAPI, server-rendered Jinja2 pages, no front-end build).

:func:`gateway.web.app.create_app` builds the application from :class:`WebSettings`, a ledger and
the partner registry. Pages (``pages``) and the JSON API (``api``) share the same queries
(``queries``), the same actions (``actions``: resubmit, cancel, which switch to the pipeline's
functions in one place) and the same sign-in and role checks (``auth``).
"""
