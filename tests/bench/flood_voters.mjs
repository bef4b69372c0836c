// Voters and a moderator for scripts/bench-flood, each paced and timed request by request.
//
//   node flood_voters.mjs --base URL --seconds S --data FILE [--voters 50] [--rate 1]
//        [--prefix 10.1] [--tag v]
//     Each voter posts a question every 1/rate s over its own keep-alive connection, from its
//     own address (X-Forwarded-For: the server trusts 127.0.0.1 as its proxy). Texts rotate
//     through the web rows of FILE with a number appended, so that none is a repeat of the
//     voter's last ones (the server would store a repeat merged, collapse_repeats).
//
//   node flood_voters.mjs --approver --base URL --seconds S --password P [--rate 10]
//     Logs in as admin and approves pending questions one at a time, at most `rate` a
//     second: the newest page of GET /api/queue?state=pending, then
//     POST /api/questions/{id}/transition {"to":"approved","version"} for each.
//
// Prints one line, "RESULT key=value …": statuses, and p50/p99/max latency in ms from the
// request's start to its answer's last byte. `loop_p99_ms` is this process's own event-loop
// delay: what of the latency may be the driver's, on a busy machine.
import fs from 'node:fs';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const args = { voters: 50, rate: null, prefix: '10.1', tag: 'v', approver: false };
for (let i = 2; i < process.argv.length; i++) {
  const key = process.argv[i].replace(/^--/, '');
  if (key === 'approver') args.approver = true;
  else args[key] = process.argv[++i];
}
const base = new URL(args.base);
const seconds = Number(args.seconds);
const rate = Number(args.rate ?? (args.approver ? 10 : 1));
if (!base || !(seconds > 0) || !(rate > 0)) {
  console.error('usage: see the comment at the top of flood_voters.mjs');
  process.exit(2);
}

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const nowMs = () => performance.now();

// One request on `agent`; resolves {status, body, ms}, or {status: 0, error} on a socket error.
function send(agent, method, path, headers, body) {
  return new Promise((resolve) => {
    const started = nowMs();
    const req = http.request(
      { host: base.hostname, port: base.port, method, path, agent, headers: { ...headers, ...(body ? { 'Content-Length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString(), ms: nowMs() - started }));
      },
    );
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, error: String(error), ms: nowMs() - started }));
    req.end(body);
  });
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}
function latencies(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return `p50_ms=${percentile(s, 0.5).toFixed(2)} p99_ms=${percentile(s, 0.99).toFixed(2)} max_ms=${(s.at(-1) ?? NaN).toFixed(2)}`;
}
function statusCounts(results) {
  const c = {};
  for (const r of results) c[r.status] = (c[r.status] ?? 0) + 1;
  return c;
}

async function voters() {
  const rows = fs.readFileSync(args.data, 'utf8').split('\n').filter((l) => l.includes('"channel":"web"')).map((l) => JSON.parse(l));
  const count = Number(args.voters);
  const period = 1000 / rate;
  const sends = Math.floor(seconds * rate);  // each voter's
  const start = nowMs() + 50;
  const results = [];
  let late = 0;
  const voter = async (v) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const address = `${args.prefix}.${Math.floor(v / 250)}.${(v % 250) + 1}`;
    // Spread over the period, so that the voters do not all send in the same millisecond.
    for (let k = 0; k < sends; k++) {
      const at = start + (v * period) / count + k * period;
      await sleep(at - nowMs());
      if (nowMs() - at > 10) late++;
      const row = rows[(v + k) % rows.length];
      const body = JSON.stringify({ ...row, text: `${row.text} (${args.tag}${v}-${k})` });
      const r = await send(agent, 'POST', '/api/questions', { 'Content-Type': 'application/json', 'X-Forwarded-For': address }, body);
      r.voter = v;
      if (r.status === 201) r.state = JSON.parse(r.body).state;
      results.push(r);
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: count }, (_, v) => voter(v)));

  const c = statusCounts(results);
  const ok = results.filter((r) => r.status === 201);
  const merged = ok.filter((r) => r.state === 'merged').length;
  const everyOk = new Set(results.filter((r) => r.status !== 201).map((r) => r.voter));
  const errors = results.filter((r) => r.status === 0);
  const other = results.length - (c[201] ?? 0) - (c[429] ?? 0) - (c[503] ?? 0);
  console.log(`RESULT sent=${results.length} s201=${c[201] ?? 0} s429=${c[429] ?? 0} s503=${c[503] ?? 0} other=${other} ` +
    `merged=${merged} voters_all_201=${count - everyOk.size}/${count} ${latencies(results.map((r) => r.ms))} ` +
    `late_sends=${late} loop_p99_ms=${(loop.percentile(99) / 1e6).toFixed(1)}`);
  if (errors.length) console.error(`voters: first socket error: ${errors[0].error}`);
  const refused = results.find((r) => r.status !== 201 && r.status !== 0);
  if (refused) console.error(`voters: first refusal: ${refused.status} ${refused.body.slice(0, 200)}`);
}

async function approver() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const login = await send(agent, 'POST', '/api/login', { 'Content-Type': 'application/json' },
    JSON.stringify({ user: 'admin', password: args.password }));
  const cookie = (login.headers?.['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('vc_session='));
  if (login.status !== 200 || !cookie) throw new Error(`login: ${login.status} ${login.body}`);
  const headers = { Cookie: cookie, 'Content-Type': 'application/json' };

  const period = 1000 / rate;
  const end = nowMs() + seconds * 1000;
  const approvals = [];
  const reads = [];
  let pending = [];
  let next = nowMs();
  while (nowMs() < end) {
    if (!pending.length) {
      // The console's view: the newest pending questions, a page at a time.
      const r = await send(agent, 'GET', '/api/queue?state=pending&limit=50', headers);
      reads.push(r);
      if (r.status === 200) pending = JSON.parse(r.body).questions.map((q) => ({ id: q.id, version: q.version }));
      if (!pending.length) { await sleep(50); continue; }
    }
    // One at a time, at most `rate` a second; fallen behind (a slow answer), not in a burst.
    next = Math.max(next + period, nowMs());
    await sleep(next - nowMs());
    if (nowMs() >= end) break;
    const q = pending.shift();
    approvals.push(await send(agent, 'POST', `/api/questions/${q.id}/transition`, headers,
      JSON.stringify({ to: 'approved', version: q.version })));
  }
  agent.destroy();

  const c = statusCounts(approvals);
  const readsOk = reads.filter((r) => r.status === 200);
  console.log(`RESULT approvals=${approvals.length} ok=${c[200] ?? 0} conflicts=${c[409] ?? 0} ` +
    `other=${approvals.length - (c[200] ?? 0) - (c[409] ?? 0)} ${latencies(approvals.map((r) => r.ms))} ` +
    `queue_reads=${reads.length} queue_reads_ok=${readsOk.length} queue_read_${latencies(reads.map((r) => r.ms)).replaceAll(' ', ' queue_read_')} ` +
    `loop_p99_ms=${(loop.percentile(99) / 1e6).toFixed(1)}`);
  const refused = approvals.find((r) => r.status !== 200);
  if (refused) console.error(`approver: first refusal: ${refused.status} ${refused.body ?? refused.error}`);
}

await (args.approver ? approver() : voters());
