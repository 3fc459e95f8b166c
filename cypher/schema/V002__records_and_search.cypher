// Every node with provenance carries the label Record and a global uid (<kind>:<id>):
// the loader and the API address nodes by it. Plus lookup indexes and the Chinese
// full-text index over names, former names, aliases, nameplates and duties.
CREATE CONSTRAINT record_uid IF NOT EXISTS FOR (n:Record) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT figure_id IF NOT EXISTS FOR (f:Figure) REQUIRE f.id IS UNIQUE;
CREATE INDEX body_kind IF NOT EXISTS FOR (b:Body) ON (b.kind);
CREATE INDEX body_jurisdiction IF NOT EXISTS FOR (b:Body) ON (b.jurisdiction);
CREATE INDEX event_type IF NOT EXISTS FOR (e:ReformEvent) ON (e.type);
CREATE FULLTEXT INDEX search_text IF NOT EXISTS FOR (n:Body|Duty|Nameplate) ON EACH [n.searchText] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
