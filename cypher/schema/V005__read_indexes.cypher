// Indexes that keep reads flat as the graph grows (issue 13, measured with
// `scripts/benchmark.py --dataset`): `duties(text:)` finds a substring of a duty's text through a
// trigram text index instead of reading every Duty (searchText is stored lower-cased).
CREATE TEXT INDEX duty_search_text IF NOT EXISTS FOR (d:Duty) ON (d.searchText);
// The unfiltered `bodies { totalCount }` reads the count of bodies from a timeline the loader
// keeps (cypher/ingest/body_count_timeline.cypher) while no audit entry is newer than it: that
// check seeks AuditEntry(at).
CREATE INDEX audit_entry_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at);
