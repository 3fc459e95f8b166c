// Staffing: figures kept on the body's node {n}.

// @field quota
{n}.staffingQuota
// @field leadershipPosts
{n}.leadershipPosts
// @field note
{n}.staffingNote
