from portal.access.policies import ALL_LEVELS, Rule

# The legacy forum is for partner members (SPEC §3, first line).
RULES = {"forum.open": Rule(levels=ALL_LEVELS)}
