"""ESD plans (育成就労計画): drafted, applied for, certified, extended and ended."""
