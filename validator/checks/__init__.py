"""How rules are evaluated: pandera over frames of matched reports."""
