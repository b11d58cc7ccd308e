"""The durable outbox: typed items (`items`), the worker that delivers them (`worker`) within
Telegram's limits (`limits`) through a channel (`channel`)."""
