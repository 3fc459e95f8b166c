// PartialDate: a date as precise as its source, read from four properties of {n} named after
// the prefix {p} (validFrom, validTo, date): the text, its precision, its first and last day.

// @field text
{n}.{p}
// @field precision
toUpper({n}.{p}Precision)
// @field earliest
toString({n}.{p}Earliest)
// @field latest
toString({n}.{p}Latest)
