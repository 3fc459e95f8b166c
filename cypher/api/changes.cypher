// Reform events of a jurisdiction that possibly fall between two dates (inclusive), oldest first;
// `certain` is false when the event's date is less precise than the range and straddles a bound.
// Parameters: jurisdiction (code), from, to (dates).
// Returns: id, certain; no rows for an unknown jurisdiction (the caller checks it exists).
MATCH (e:ReformEvent)-[:IN_JURISDICTION]->(:Jurisdiction {code: $jurisdiction})
WHERE e.dateLatest >= $from AND e.dateEarliest <= $to
RETURN e.id AS id, (e.dateEarliest >= $from AND e.dateLatest <= $to) AS certain
ORDER BY e.dateEarliest, e.id
