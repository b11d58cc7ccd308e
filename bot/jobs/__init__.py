"""Background jobs beside update handling: reminders for unclaimed cases, retention."""
