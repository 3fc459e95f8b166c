// Citation: the {i}-th located reference of a record {n} (its citationSources, citationLocators
// and citationQuotes lists, '' where the reference gave none).

// @field document -> Document(n={m})
head(COLLECT { MATCH ({m}:Document {id: {n}.citationSources[{i}]}) RETURN {sub} })
// @field locator
CASE {n}.citationLocators[{i}] WHEN '' THEN null ELSE {n}.citationLocators[{i}] END
// @field quote
CASE {n}.citationQuotes[{i}] WHEN '' THEN null ELSE {n}.citationQuotes[{i}] END
