// Function: a field of government, read from a (:Function) node {n}.

// @field code
{n}.code
// @field name
{n}.name
// @field nameEn
{n}.nameEn
