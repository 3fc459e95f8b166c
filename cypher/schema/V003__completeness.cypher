// Completeness statements (what a source says about how complete a jurisdiction's record of
// bodies is) are read by jurisdiction for the correspondence check.
CREATE INDEX completeness_jurisdiction IF NOT EXISTS FOR (c:Completeness) ON (c.jurisdiction);
