// CommissionOffice: a commission's office, read from its (:Body)-[:OFFICE_IN]->(:Body)
// relationship {n}; {host} is the body it sits in.

// @field name
{n}.officeName
// @field host -> Body(n={host})
{sub}
