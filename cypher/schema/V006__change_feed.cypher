// The change feed (docs/change-feed.md): every write the feed reports takes the next number
// from one counter node in its own transaction. MERGE on a unique key takes the lock that makes
// two first writes find one counter, not create two.
CREATE CONSTRAINT change_counter_id IF NOT EXISTS FOR (c:ChangeCounter) REQUIRE c.id IS UNIQUE;
// `changeFeed(since:)` and the subscriptions' poller seek the entries after a sequence number.
CREATE INDEX change_seq IF NOT EXISTS FOR (c:Change) ON (c.seq);
