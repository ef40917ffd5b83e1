"""Tickets: the event log (events), the derived state (view) and the transition rules (lifecycle)."""
