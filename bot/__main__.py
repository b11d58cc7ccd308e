import gc

# Importing the bot builds what lives for the whole run (SQLAlchemy, the cores' modules): the
# collector would walk it again and again and find next to nothing. bot/cli.py resumes it when
# the command begins its work, for the Telegram channel only once polling begins.
gc.disable()

from bot.cli import main  # noqa: E402

raise SystemExit(main())
