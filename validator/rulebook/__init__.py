"""What a rule says: the rule files, their specs and relations, and the catalogue."""

from validator.rulebook.specs import (
    ARITHMETIC,
    CHECKS,
    SEVERITIES,
    Identity,
    Rule,
    bounds,
    identities,
    instances,
    load,
    read_dir,
    rule,
    rule_instances,
    rules_dir,
)

__all__ = ["ARITHMETIC", "CHECKS", "SEVERITIES", "Identity", "Rule", "bounds", "identities",
           "instances", "load", "read_dir", "rule", "rule_instances", "rules_dir"]
