"""Content optimization: understand live content, score it per scenario, diagnose, plan, act, re-score."""
