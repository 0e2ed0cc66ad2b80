-- Takes one of an agent's places for a conversation, atomically, never beyond their capacity.
-- KEYS: the agent's set of held conversations   ARGV: conversation id, capacity
-- Returns 1 when taken now, 2 when the conversation already had a place, 0 when all are taken.
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return 2
end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
