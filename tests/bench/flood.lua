-- wrk script for scripts/bench-flood: posts voters' questions (the web rows of
-- questions.vi.jsonl, each text with a number appended so that no two are the same), each
-- from an address given in X-Forwarded-For (the server trusts 127.0.0.1 as its proxy), and
-- counts the answers by status. Settings from the environment:
--   FLOOD_DATA       the jsonl file
--   FLOOD_PREFIX     first two octets of the addresses ("10.2"): PREFIX.x.y from an index
--   FLOOD_ADDRESSES  how many addresses the requests go round (1: one client)
--   FLOOD_RATE       requests a second over all connections, paced; 0: as fast as answered
--   FLOOD_COUNT      stop once this many are answered (with -t1); 0: run for wrk's -d
--   FLOOD_TAG        put in every text, so that runs and phases do not repeat each other
-- Prints one line: RESULT answered=… s201=… s429=… s503=… other=… merged=… …
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } flood_timespec;
  int clock_gettime(int clock, flood_timespec* ts);
  int getpid(void);
  int kill(int pid, int sig);
]]
local ts = ffi.new("flood_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local prefix = os.getenv("FLOOD_PREFIX") or "10.2"
local addresses = tonumber(os.getenv("FLOOD_ADDRESSES") or "1")
local rate = tonumber(os.getenv("FLOOD_RATE") or "0")
local limit = tonumber(os.getenv("FLOOD_COUNT") or "0")
local tag = os.getenv("FLOOD_TAG") or "f"

-- Each row split before the text's closing quote, so that a number goes at its end.
local heads = {}
for line in io.lines(os.getenv("FLOOD_DATA")) do
  if line:find('"channel":"web"', 1, true) then
    heads[#heads + 1] = line:sub(1, #line - 2)  -- without the final `"}`
  end
end
assert(#heads > 0, "no web rows in FLOOD_DATA")

local function address(i)
  return string.format("%s.%d.%d", prefix, math.floor(i / 250) % 250, i % 250 + 1)
end

local n = 0
local headers = { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = "" }
request = function()
  local a = n % addresses
  -- One address's successive questions are successive rows: never a repeat of its last few
  -- (the server would store a repeat merged into the first, collapse_repeats).
  local row = heads[math.floor(n / addresses) % #heads + 1]
  headers["X-Forwarded-For"] = address(a)
  local body = string.format('%s (%s-%d)"}', row, tag, n)
  n = n + 1
  return wrk.format("POST", "/api/questions", headers, body)
end

s201, s429, s503, other, merged, answered = 0, 0, 0, 0, 0, 0
first_ms, last_ms = 0, 0  -- the first and last answers: the rate over the time actually spent
response = function(status, _, body)
  answered = answered + 1
  last_ms = now_ms()
  if answered == 1 then first_ms = last_ms end
  if status == 201 then
    s201 = s201 + 1
    if body:find('"state":"merged"', 1, true) then merged = merged + 1 end
  elseif status == 429 then
    s429 = s429 + 1
  elseif status == 503 then
    s503 = s503 + 1
  else
    other = other + 1
  end
  if limit > 0 and answered == limit then
    -- Done: stop sending, and interrupt wrk's main thread (it sleeps for -d otherwise; its
    -- SIGINT handler ends the run and still reports).
    wrk.thread:stop()
    ffi.C.kill(ffi.C.getpid(), 2)
  end
end

-- Paced: one schedule for the thread's connections, a request every 1000/rate ms; a
-- schedule fallen more than 100 ms behind (every connection waiting) restarts from now
-- rather than bursting to catch up.
if rate > 0 then
  local period = 1000 / rate
  local next_at
  delay = function()
    local now = now_ms()
    if not next_at or next_at < now - 100 then next_at = now end
    local wait = next_at - now
    next_at = next_at + period
    return math.floor(wait)
  end
end

local threads = {}
setup = function(thread) threads[#threads + 1] = thread end

done = function(summary, latency)
  local t = { s201 = 0, s429 = 0, s503 = 0, other = 0, merged = 0, answered = 0 }
  local first, last = math.huge, 0
  for _, thread in ipairs(threads) do
    for k in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
    if thread:get("answered") > 0 then
      first = math.min(first, thread:get("first_ms"))
      last = math.max(last, thread:get("last_ms"))
    end
  end
  local active = last > first and (last - first) / 1000 or summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT answered=%d seconds=%.2f answered_per_s=%.0f s201_per_s=%.0f s201=%d s429=%d s503=%d other=%d merged=%d " ..
    "p50_ms=%.2f p99_ms=%.2f socket_errors=%d\n",
    t.answered, active, t.answered / active, t.s201 / active, t.s201, t.s429, t.s503, t.other,
    t.merged, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout))
end
