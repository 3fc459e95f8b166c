"""The questions the service answers, as pure functions over rows from the data layer."""
