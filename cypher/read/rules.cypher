// Rules the type fragments apply to a variable, written {RULE(var)} there. {v} is the variable;
// {asof} is the date in effect where the rule is used.

// A body, nameplate or holding certainly existed on the date: it had started whatever day its
// start means, and had not possibly ended (docs/model.md, Dates).
// @rule certain
({v}.validFromLatest IS NULL OR {v}.validFromLatest <= {asof})
  AND ({v}.validToEarliest IS NULL OR {v}.validToEarliest > {asof})

// It possibly existed on the date (its dates are less precise than the day).
// @rule possible
({v}.validFromEarliest IS NULL OR {v}.validFromEarliest <= {asof})
  AND ({v}.validToLatest IS NULL OR {v}.validToLatest >= {asof})

// A top-level body: not a section, not part of another body.
// @rule top_level
{v}.kind <> 'internal_section' AND NOT EXISTS { MATCH ({v})-[:PART_OF]->(:Body) }

// What the graph counts for a figure {v} (a Figure node): bodies of its jurisdiction that
// certainly existed on its date (its own, else {asof}) of the kinds (or requirement) its metric
// counts, or for `counties` its county-level jurisdictions; null for a metric the graph does not
// model (docs/model.md, Figures).
// @rule figure_count
CASE WHEN {v}.metric = 'counties'
  THEN COUNT { MATCH (:Jurisdiction {level: 'county'})-[:PART_OF]->(:Jurisdiction {code: {v}.jurisdiction}) }
WHEN {v}.metric IN ['party_government_bodies_before', 'required_bodies_after', 'local_bodies_after',
                         'party_commissions', 'law_enforcement_teams']
  THEN COUNT {
    MATCH (counted:Body {jurisdiction: {v}.jurisdiction})
    WHERE (counted.validFromLatest IS NULL OR counted.validFromLatest <= coalesce({v}.asOfLatest, {asof}))
      AND (counted.validToEarliest IS NULL OR counted.validToEarliest > coalesce({v}.asOfLatest, {asof}))
      AND CASE {v}.metric
        WHEN 'party_government_bodies_before' THEN counted.kind IN ['party_organ', 'government_department']
        WHEN 'required_bodies_after' THEN counted.requirement = 'required'
        WHEN 'local_bodies_after' THEN counted.requirement = 'local'
        WHEN 'party_commissions' THEN counted.kind = 'commission'
        WHEN 'law_enforcement_teams' THEN counted.kind = 'law_enforcement_team'
      END
  }
END

