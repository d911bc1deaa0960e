"""Resolvers: strategies that turn a compiled schema + a layout into values.

``deterministic`` (labels, layout, typed parsers) and ``llm`` (an OpenAI-compatible endpoint).
"""
