// Everything the correspondence check needs for an upper jurisdiction and the ones directly
// under it, on a date: the upper level's bodies, each lower jurisdiction's bodies (with the
// body managing them, when that body is at another level) and exceptions, and the function
// catalogue. Bodies are those that certainly existed on $asOf; sections, public institutions
// and law-enforcement teams are left out (they do not stand for a field of their own). A lower
// jurisdiction's completeness statements in effect on $asOf decide whether a gap is missing or unknown.
// Parameters: parent (code), asOf (date).
// Returns: one row (none if the parent is unknown): code, name, level, upperBodies, lowers, functions.
MATCH (p:Jurisdiction {code: $parent})
RETURN p.code AS code, p.name AS name, p.level AS level,
  COLLECT {
    MATCH (b:Body) WHERE b.jurisdiction = p.code
      AND NOT b.kind IN ['internal_section', 'public_institution', 'law_enforcement_team']
      AND (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
      AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf)
    RETURN b {.id, .name, .kind, .functions} ORDER BY b.id
  } AS upperBodies,
  COLLECT {
    MATCH (c:Jurisdiction)-[:PART_OF]->(p)
    RETURN c {
      .code, .name, .level,
      bodies: COLLECT {
        MATCH (b:Body) WHERE b.jurisdiction = c.code
          AND NOT b.kind IN ['internal_section', 'public_institution', 'law_enforcement_team']
          AND (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
          AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf)
        RETURN b {
          .id, .name, .kind, .functions, .requirement,
          upperManager: head(COLLECT {
            MATCH (b)-[:MANAGED_BY]->(m:Body) WHERE m.jurisdiction <> b.jurisdiction RETURN m.id
          })
        } ORDER BY b.id
      },
      exceptions: COLLECT {
        MATCH (x:CorrespondenceException)-[:APPLIES_TO]->(c)
        RETURN x {.id, .function, .description, .sources} ORDER BY x.id
      },
      completeness: COLLECT {
        MATCH (s:Completeness)-[:ABOUT]->(c)
        WHERE s.asOfLatest <= $asOf AND (s.untilEarliest IS NULL OR s.untilEarliest > $asOf)
        RETURN s {.id, .scope, .description, .sources} ORDER BY s.id
      }
    } ORDER BY c.code
  } AS lowers,
  COLLECT { MATCH (f:Function) RETURN f {.code, .name, .requiredAt} ORDER BY f.code } AS functions
