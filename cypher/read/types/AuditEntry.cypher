// AuditEntry: an edit made through the API, read from an (:AuditEntry) node {n}.

// @field id
{n}.id
// @field action
{n}.action
// @field eventId
{n}.eventId
// @field actor
{n}.actor
// @field role
{n}.role
// ISO 8601 as Python writes a UTC datetime: microseconds when there are any, then +00:00.
// @field at
left(toString(localdatetime.truncate('second', {n}.at)), 19)
  + CASE WHEN {n}.at.microsecond = 0 THEN '' ELSE '.' + right('00000' + toString({n}.at.microsecond), 6) END
  + '+00:00'
// @field document
{n}.document
// @field summary
{n}.summary
// @field bodyIds
coalesce({n}.bodyIds, [])
// @field retractedBy
{n}.retractedBy
