"""The CLI's commands: each reads arguments, calls the engine, prints. No business logic here."""
