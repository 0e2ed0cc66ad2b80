-- The JSON of the newest tickets of a sorted set. KEYS: 1 zset; ARGV: 1 how many
local ids = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
local out = {}
for i, id in ipairs(ids) do
  local json = redis.call('HGET', '{tickets}:t:' .. id, 'json')
  if json then out[#out + 1] = json end
end
return out
