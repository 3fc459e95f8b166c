// A seed load that changed the graph is a change of the feed (docs/change-feed.md): one entry
// with its counts, numbered from the counter in the transaction that wrote the changes (or,
// for a load committed batch by batch, when its last batch is in).
// Parameters: created, updated, removed (counts), summary.
// Returns: seq.
MERGE (c:ChangeCounter {id: 'changes'})
SET c.seq = coalesce(c.seq, 0) + 1
CREATE (e:SeedLoadEntry:Change)
SET e.id = 'seed-load-' + toString(c.seq), e.seq = c.seq, e.at = datetime(), e.action = 'seed_load',
    e.actor = 'seed loader', e.role = 'loader', e.summary = $summary,
    e.created = $created, e.updated = $updated, e.removed = $removed
RETURN e.seq AS seq
