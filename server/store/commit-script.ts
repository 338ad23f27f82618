// The commit script of the Redis store's optimistic transactions, and the
// plan it applies. The plan checks that every key read still holds what the
// transaction saw, then writes, moves ownership, keeps the counters and the
// ring index: all of it or, on a conflict, nothing.
import { NOW_MS, luaScript } from './lua.js';

/** How a write changes which process owns the user. */
export type OwnershipChange = 'none' | 'claim' | 'drop';

export interface PlannedWrite {
  /** The new raw value; '' deletes the key. */
  value: string;
  /** The user key the record belongs to; '' when the key is not a user (the queue). */
  user: string;
  ownership: OwnershipChange;
  /** Expiry in ms from now; 0 = none (records and the queue). */
  ttl: number;
}

/** What the commit script applies. Its keys: those read (in `expected` order), then those written (in `writes` order). */
export interface CommitPlan {
  prefix: string;
  /** The process committing, which claims the users whose connection it now holds. */
  node: string;
  /** Raw value of each key read, as the transaction saw it. */
  expected: string[];
  writes: PlannedWrite[];
  /** Counter deltas. */
  counts: { users: number; pending: number; calls: number };
  /** Ring members to add, with deadline now + `ringTimeoutMs`, and to remove. */
  ringsAdded: string[];
  ringsRemoved: string[];
  ringTimeoutMs: number;
}

/** ARGV[1]: the plan, JSON. Returns 1 when applied, 0 when a key read has changed since. */
export const COMMIT = luaScript(`
local plan = cjson.decode(ARGV[1])
local nread = #plan.expected
for i = 1, nread do
  if (redis.call('GET', KEYS[i]) or '') ~= plan.expected[i] then return 0 end
end
local prefix = plan.prefix
for j, write in ipairs(plan.writes) do
  local key = KEYS[nread + j]
  if write.value == '' then redis.call('DEL', key)
  elseif write.ttl > 0 then redis.call('SET', key, write.value, 'PX', write.ttl)
  else redis.call('SET', key, write.value) end
  if write.ownership ~= 'none' then
    local prev = redis.call('HGET', prefix .. 'owner', write.user)
    if prev then redis.call('SREM', prefix .. 'node:' .. prev .. ':users', write.user) end
    if write.ownership == 'claim' then
      redis.call('HSET', prefix .. 'owner', write.user, plan.node)
      redis.call('SADD', prefix .. 'node:' .. plan.node .. ':users', write.user)
    else
      redis.call('HDEL', prefix .. 'owner', write.user)
    end
  end
end
local counted = false
for field, delta in pairs(plan.counts) do
  if delta ~= 0 then
    redis.call('HINCRBY', prefix .. 'counts', field, delta)
    counted = true
  end
end
if counted then
  -- All zero: gone, so a cluster nobody uses holds no key but its heartbeats.
  local c = redis.call('HMGET', prefix .. 'counts', 'users', 'pending', 'calls')
  if (tonumber(c[1]) or 0) == 0 and (tonumber(c[2]) or 0) == 0 and (tonumber(c[3]) or 0) == 0 then
    redis.call('DEL', prefix .. 'counts')
  end
end
for _, member in ipairs(plan.ringsRemoved) do redis.call('ZREM', prefix .. 'rings', member) end
if #plan.ringsAdded > 0 then
  ${NOW_MS}
  for _, member in ipairs(plan.ringsAdded) do redis.call('ZADD', prefix .. 'rings', now + plan.ringTimeoutMs, member) end
end
return 1
`);
