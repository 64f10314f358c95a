from portal.access.policies import ALL_LEVELS, Rule

RULES = {"portal.home": Rule(levels=ALL_LEVELS)}
