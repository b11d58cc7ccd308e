"""The imperative shell around the cores: each desk loads what a core needs from `storage`,
asks the core (`dialogs`), writes the changes and queues the effects in the caller's
transaction. A desk decides nothing."""
