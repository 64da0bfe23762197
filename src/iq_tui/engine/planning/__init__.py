"""Planning an interview: roles, the context, prompts, providers, the generation event stream."""
