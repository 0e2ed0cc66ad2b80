-- Shared by the scripts that hand a conversation's next unanswered message to whoever holds its
-- processing lock (prepended to append.lua, acquire.lua and commit.lua).

-- Whether stream id a ('ms-seq') comes after stream id b.
local function after(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am > bm or (am == bm and as > bs)
end

-- The first person's message after the conversation's 'processed' cursor, as {id, json}, or nil.
-- 'lastIn' (the newest person's message, kept by append.lua) answers the common case without
-- reading the transcript.
local function nextPending(meta, log)
  local processed = redis.call('HGET', meta, 'processed') or '0-0'
  local lastIn = redis.call('HGET', meta, 'lastIn')
  if lastIn and not after(lastIn, processed) then
    return nil
  end
  local cursor = '(' .. processed
  while true do
    local entries = redis.call('XRANGE', log, cursor, '+', 'COUNT', 50)
    for _, e in ipairs(entries) do
      local json = e[2][2]
      local ok, m = pcall(cjson.decode, json)
      if ok and type(m) == 'table' and m.role == 'customer' then
        return {e[1], json}
      end
    end
    if #entries < 50 then
      return nil
    end
    cursor = '(' .. entries[#entries][1]
  end
end

-- Takes the lock for token (or keeps it, when token already holds it) if a message waits for its
-- answer. Returns {0, conversation record fields, message id, message JSON} when the caller now
-- holds the lock with that message to answer; {0} when nothing waits (the lock is left free);
-- {remaining lease in ms, at least 1} when another holder has it and will see the message.
local function hold(lock, meta, log, token, leaseMs)
  local holder = redis.call('GET', lock)
  if holder and holder ~= token then
    return {math.max(redis.call('PTTL', lock), 1)}
  end
  local pending = nextPending(meta, log)
  if not pending then
    if holder then
      redis.call('DEL', lock)
    end
    return {0}
  end
  redis.call('SET', lock, token, 'PX', leaseMs)
  return {0, redis.call('HGETALL', meta), pending[1], pending[2]}
end

