// EventTypeCount: how many events of a type, read from a map {n} = {type, count}.

// @field type
toUpper({n}.type)
// @field count
{n}.count
