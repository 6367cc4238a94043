"""Distribution workflows: one module per business flow, each idempotent.

Every write is keyed by partner + document type + business key, looked up in Odoo before it is
made, and the key is returned in the workflow's result, so a retry or a crash never creates a
second record. Inputs are plain typed requests (dataclasses) that the pipeline builds from the
canonical documents and the partner profile.
"""
