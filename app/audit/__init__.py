"""The audit trail: who did what to the line and its accounts, when, and whether it worked."""
