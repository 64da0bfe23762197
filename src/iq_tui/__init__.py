"""iq-tui: turn a candidate's CV into a personalized interview plan, in the terminal.

Importing this package stays cheap: pdfplumber and the LLM SDKs load only when used.
"""

__version__ = "0.1.0"
