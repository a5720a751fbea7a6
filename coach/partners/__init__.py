"""Partners: candidate scoring, the capability map, matching a deal to partners."""
