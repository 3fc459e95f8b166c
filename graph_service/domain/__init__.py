"""Pydantic models: the domain language shared by the data layer, the loader and the API."""
