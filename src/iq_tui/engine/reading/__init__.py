"""Reading a CV: the bounded PDF child, text, sections, the candidate profile, skills."""
