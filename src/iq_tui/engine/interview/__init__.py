"""Running the interview: saved sessions and the edits made to them."""
