"""The volunteers' side: initiative groups registered by the counsellors, the info cards in any
language for them, as a pure core (`decide`), like `dialogs/staff/`."""
