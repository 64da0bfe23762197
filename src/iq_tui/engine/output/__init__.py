"""What leaves the app: a plan or a session as Markdown or JSON."""
