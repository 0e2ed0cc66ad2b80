-- Takes the conversation's processing lock if a message waits for its answer, or takes it back
-- with the token of an earlier hold of this caller that could not be released (Redis was away).
-- KEYS: lock, meta, log   ARGV: token, leaseMs
-- Returns what hold() returns.
return hold(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2])
