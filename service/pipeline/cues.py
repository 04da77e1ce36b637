"""Reporting verbs: the words that introduce speech."""
from __future__ import annotations

SPEECH_VERBS = frozenset(
    """say says said saying tell tells told telling add adds added adding
    note notes noted noting write writes wrote writing argue argues argued arguing
    warn warns warned warning insist insists insisted insisting explain explains explained
    claim claims claimed state states stated""".split()
)
