"""The parents' side: one pure `step(state, event, ctx) -> Outcome` and its screens."""
