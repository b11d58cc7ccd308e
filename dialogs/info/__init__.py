"""Information cards and the facts they rest on: shown to parents, volunteers and inline."""
