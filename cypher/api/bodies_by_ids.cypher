// Full details of bodies by id, as of a date: the projection every Body in the API is built from.
// Related bodies come back as ids (the API loads them in one more batched query).
// Valid on $asOf means certainly valid: started by then and not possibly ended (docs/model.md).
// Parameters: ids (list of body ids), asOf (date).
// Returns: id, body (map; null for an unknown id).
UNWIND $ids AS id
OPTIONAL MATCH (b:Body {id: id})
RETURN id, CASE WHEN b IS NULL THEN null ELSE b {
  .*,
  existsOnAsOf: (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
                AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf),
  functionRefs: COLLECT { MATCH (b)-[:COVERS]->(f:Function) RETURN f {.code, .name, .nameEn} ORDER BY f.code },
  parentId: head(COLLECT { MATCH (b)-[:PART_OF]->(p:Body) RETURN p.id }),
  managedById: head(COLLECT { MATCH (b)-[:MANAGED_BY]->(m:Body) RETURN m.id }),
  sectionIds: COLLECT {
    MATCH (s:Body)-[:PART_OF]->(b)
    WHERE s.kind = 'internal_section'
      AND (s.validFromLatest IS NULL OR s.validFromLatest <= $asOf)
      AND (s.validToEarliest IS NULL OR s.validToEarliest > $asOf)
    RETURN s.id ORDER BY s.name, s.id
  },
  managedIds: COLLECT {
    MATCH (m:Body)-[:MANAGED_BY|PART_OF]->(b)
    WHERE m.kind <> 'internal_section'
      AND (m.validFromLatest IS NULL OR m.validFromLatest <= $asOf)
      AND (m.validToEarliest IS NULL OR m.validToEarliest > $asOf)
    RETURN DISTINCT m.id AS mid ORDER BY mid
  },
  jointOfficeIds: COLLECT { MATCH (b)-[:JOINT_OFFICE_WITH]-(o:Body) RETURN DISTINCT o.id AS oid ORDER BY oid },
  nameplates: COLLECT {
    MATCH (b)-[:HAS_NAMEPLATE]->(n:Nameplate)
    WHERE (n.validFromLatest IS NULL OR n.validFromLatest <= $asOf)
      AND (n.validToEarliest IS NULL OR n.validToEarliest > $asOf)
    RETURN n {.*} ORDER BY n.name
  },
  office: head(COLLECT { MATCH (b)-[r:OFFICE_IN]->(h:Body) RETURN {name: r.officeName, hostId: h.id} }),
  leadIds: COLLECT { MATCH (l:Body)-[:LEADS]->(b) RETURN l.id ORDER BY l.id },
  memberIds: COLLECT { MATCH (m:Body)-[:MEMBER_OF]->(b) RETURN m.id ORDER BY m.id }
} END AS body
