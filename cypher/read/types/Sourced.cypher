// Sourced: the fields of every type that implements the Sourced interface (bodies,
// jurisdictions, duties, events, nameplates, holdings), read from its node or relationship {n}.

// @field confidence
toUpper({n}.confidence)
// @field note
{n}.note
// The documents in the order the record lists them; an id without a document is left out.
// @field sources -> Document(n={m})
COLLECT { UNWIND range(0, size(coalesce({n}.sources, [])) - 1) AS {x} MATCH ({m}:Document {id: {n}.sources[{x}]}) RETURN {sub} ORDER BY {x} }
// The located references, from three parallel lists ('' where the reference gave none).
// @field citations -> Citation(n={n}, i={x})
[{x} IN range(0, size(coalesce({n}.citationSources, [])) - 1) | {sub}]
// @field inferredParts
coalesce({n}.inferredParts, [])
