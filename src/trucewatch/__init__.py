"""trucewatch: a sourced, append-only record of ceasefire participation, incidents and claims."""

__version__ = "0.1.0"
