"""Webhooks: saved endpoints, the transactional outbox, the deliverer, and the egress guard.

    events.py     the contract's event names and output formats
    configs.py    saved webhook configurations (service layer of /webhook-configs)
    outbox.py     enqueue_event(): delivery rows in the caller's transaction
    deliverer.py  deliver_due() / run_delivery_loop(): lease, POST, sign, retry
    egress.py     check_url() / fetch_url(): SSRF guard for every user-aimed request

Import the submodules directly; this package imports nothing so it never forms a cycle.
"""
