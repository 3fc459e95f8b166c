// The documents the exported records cite, by id (the exporter passes the ids it saw, a page
// at a time).
// Parameters: ids (list of document ids).
// Returns: key (id), row (map: id, title, kind, issuer, url, date, provenance).
MATCH (d:Document) WHERE d.id IN $ids
RETURN d.id AS key,
       d {
         .id, .title, .kind, .issuer, .url, .date, .datePrecision, .confidence, .note,
         dateEarliest: toString(d.dateEarliest), dateLatest: toString(d.dateLatest),
         sources: coalesce(d.sources, [])
       } AS row
ORDER BY key
