// Document: a source, read from a (:Document) node {n}.

// @field id
{n}.id
// @field title
{n}.title
// @field kind
{n}.kind
// @field issuer
{n}.issuer
// @field url
{n}.url
// @field date -> PartialDate(n={n}, p=date)
CASE WHEN {n}.date IS NULL THEN null ELSE {sub} END
// @field confidence
toUpper({n}.confidence)
