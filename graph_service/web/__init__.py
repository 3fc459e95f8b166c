"""The HTTP side of the service: reading GraphQL requests, who may send them, how answers go out."""
