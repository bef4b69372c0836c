// The console on a national show in Debian's Chromium (scripts/bench console): a show of
// QUESTIONS questions (200,000 by default; realistic texts, one in ten asked again the way
// voters do) stored through the public API, then what a moderator meets: the console's first
// list with the newest question, a search for one question from the middle, the largest
// clusters first, and the server's memory. Figures beside their targets, not pass/fail.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build-bench/votercast node ../bench/console_scale.mjs [QUESTIONS]
import { readFileSync } from 'node:fs';

import { apiClient, launchBrowser, openConsoleAs, readJsonl, startServer } from '../e2e/harness.mjs';

const QUESTIONS = Number(process.argv[2] ?? 200000);
const NEEDLE_AT = Math.floor(QUESTIONS / 2);
const NEEDLE = 'Xóm Bàu Trâm ngập nước mỗi khi mưa lớn, bao giờ có cống thoát?';
const LOADS = 5;

const rssMb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The bench's voters all come from 127.0.0.1: the per-address limit is lifted for them.
// Storing the show is not what is measured: commits skip the fsync of each batch.
const server = await startServer({
  config: { durability: 'normal', intake: { questions_per_ip: { burst: 1e9, per_second: 1e9 }, collapse_repeats: false } },
});
const browser = await launchBrowser();
try {
  const users = { mod: server.addUser('mod', 'moderator'), prod: server.addUser('prod', 'producer') };
  const producer = await apiClient(server.url, users.prod);
  await producer('POST', '/api/shows', { title: 'Dân hỏi, Bộ trưởng trả lời' });
  const samples = readJsonl('questions.vi.jsonl');
  let next = 0;
  let newest = 0;
  let needleId = 0;
  const started = Date.now();
  // 64 voters at once, each question its own but one in ten a sample asked again.
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let i = next++; i < QUESTIONS; i = next++) {
        const sample = samples[i % samples.length];
        const text = i === NEEDLE_AT ? NEEDLE : i % 10 === 0 ? sample.text : `${sample.text} (phiếu ${i})`;
        const r = await fetch(`${server.url}/api/questions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: sample.name, area: sample.area, topic: sample.topic, text }),
        });
        const body = await r.json();
        if (r.status !== 201) throw new Error(`seeding: ${r.status} ${JSON.stringify(body)}`);
        if (i === NEEDLE_AT) needleId = body.id;
        newest = Math.max(newest, body.id);
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(`console at national size: ${QUESTIONS} questions stored through the API in ${seconds.toFixed(1)} s (${Math.round(QUESTIONS / seconds)}/s)`);
  console.log(`server memory after storing them                 ${rssMb(server.pid).toFixed(0)} MB  (target <= 300 MB)`);

  const card = (page, id) => page.locator(`#queue-list .q-card[data-id="${id}"]`);
  const firstLists = [];
  const searches = [];
  const largest = [];
  for (let run = 0; run < LOADS; ++run) {
    const page = await openConsoleAs(browser, server.url, users.mod, { open: false });
    let t = Date.now();
    await page.goto(`${server.url}/console`);
    await card(page, newest).waitFor({ timeout: 30000 });
    firstLists.push(Date.now() - t);

    t = Date.now();
    await page.fill('#f-text', 'bau tram ngap');
    await card(page, needleId).waitFor({ timeout: 30000 });
    searches.push(Date.now() - t);
    await page.fill('#f-text', '');
    await card(page, newest).waitFor({ timeout: 30000 });

    t = Date.now();
    await page.selectOption('#f-order', 'largest');
    await page.waitForFunction((n) => document.querySelector('#queue-list .q-card')?.dataset.id !== String(n), newest, { timeout: 30000 });
    largest.push(Date.now() - t);
    if (page.problems.length) console.log(`page problems: ${page.problems.join('; ')}`);
    await page.context().close();
  }
  const line = (what, ms, target) =>
    console.log(`${what.padEnd(48)} median ${String(median(ms)).padStart(5)} ms  max ${String(Math.max(...ms)).padStart(5)} ms  (${target}; ${ms.join(', ')})`);
  line('console first list, the newest question shown', firstLists, 'target <= 1000 ms');
  line('search "bau tram ngap" to the one question', searches, 'typed to shown');
  line('order by cluster size, the first window', largest, 'chosen to shown');
  console.log(`server memory at the end                         ${rssMb(server.pid).toFixed(0)} MB  (target <= 300 MB)`);
} finally {
  await browser.close();
  await server.stop();
}
