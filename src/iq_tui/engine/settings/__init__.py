"""Settings in layers (file < .env < environment < CLI), the settings file, atomic writes."""
