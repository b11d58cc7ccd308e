"""The counsellors' side: commands, queue, reminders and what cards show (pure, German)."""
