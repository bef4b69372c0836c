// The control room takes a video caller to air (issue 15): the layout chosen in the
// callers strip goes with LÊN SÓNG, the caller's picture section shows what is on air
// (layout, lost card), the layout changes on air, "Lên sóng có hình" unticked takes the
// voice and lower third only. The server runs its programme at 640x360 with
// [calls] test_picture: every caller's video is colour bars (no phones on this branch).
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test caller_video.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addStaff, apiLogin, eventually, launchBrowser, openPage, openShow, programmeRegion, screenshot, startServer } from './harness.mjs';

let server;
let browser;
let users;
let api;

before(async () => {
  server = await startServer({ extraArgs: ['--format', '640x360@25'], config: { calls: { test_picture: true } } });
  browser = await launchBrowser();
  ({ users, api } = await addStaff(server, [['screener', 'screener'], ['op', 'operator'], ['prod', 'producer']]));
  await openShow(api.prod, 'Đối thoại với cử tri — gọi video');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function nextCaller(fields) {
  let c = (await api.screener('POST', '/api/callers', fields)).body;
  for (const to of ['screened', 'next']) {
    const r = await api.screener('POST', `/api/callers/${c.id}/transition`, { to, version: c.version });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    c = r.body;
  }
  return c;
}

async function scene() {
  const r = await api.op('GET', '/api/program/scene');
  assert.equal(r.status, 200);
  return r.body.scene;
}

async function openControl(user) {
  const page = await openPage(browser, { viewport: { width: 1920, height: 1080 } });
  await apiLogin(page, server.url, user);
  await page.goto(`${server.url}/control`);
  await page.waitForSelector('#connection.pill-ok', { timeout: 10000 });
  await page.waitForSelector('#callers-strip-count:not(:empty)');
  return page;
}

const videoSection = (page) => page.locator('section.layer[data-layer="caller_video"]');
const stripRow = (page, id) => page.locator(`#callers-strip-list .strip-caller[data-id="${id}"]`);

// Mean red, green and blue of an RGB list.
function mean(rgb) {
  const m = [0, 0, 0];
  for (let i = 0; i < rgb.length; i++) m[i % 3] += rgb[i];
  return m.map((v) => v / (rgb.length / 3));
}

test('the operator takes a video caller side by side, changes the layout on air and ends the call', async () => {
  const c = await nextCaller({ name: 'Nguyễn Thị Hằng', area: 'TP. Dĩ An', topic: 'giao thông' });
  const page = await openControl(users.op);
  try {
    // Vietnamese first, with its diacritics.
    const take = page.locator('#caller-take');
    assert.match(await take.textContent(), /Lên sóng có hình/);
    assert.match(await take.textContent(), /Hình trong hình/);
    assert.match(await take.textContent(), /Song song/);
    assert.equal(await page.isChecked('input[name="caller-layout"][value="pip"]'), true, 'pip unless chosen');
    assert.match(await videoSection(page).textContent(), /không có hình trên sóng/);
    assert.equal(await videoSection(page).locator('button[data-action="layout"]').isDisabled(), true);

    await page.check('input[name="caller-layout"][value="side_by_side"]');
    await stripRow(page, c.id).locator('button[data-caller-to="on_air"]').click();
    await page.waitForSelector('section.layer[data-layer="caller_video"][data-on-air="true"]');
    await page.waitForSelector('section.layer[data-layer="lower_third"][data-on-air="true"]');
    let s = await scene();
    assert.equal(s.caller_video.visible, true);
    assert.equal(s.caller_video.layout, 'side_by_side');
    assert.equal(s.caller_video.name, 'Nguyễn Thị Hằng');
    assert.equal(s.lower_third.name, 'Nguyễn Thị Hằng');
    assert.equal(await videoSection(page).locator('[data-role="video-layout"]').textContent(), 'Song song');
    assert.equal(await videoSection(page).locator('[data-role="video-name"]').textContent(), 'Nguyễn Thị Hằng');
    assert.equal(await page.getAttribute('#tallies li[data-layer="caller_video"]', 'data-on-air'), 'true');

    // The bars are on the programme, in the right half: 75% white first, blue last.
    await eventually(async () => {
      const white = mean(await programmeRegion(page, { x: 990, y: 300, width: 90, height: 100 }));
      const blue = mean(await programmeRegion(page, { x: 1760, y: 300, width: 90, height: 100 }));
      assert.ok(white.every((v) => v > 150), `white bar: ${white}`);
      assert.ok(blue[2] > blue[0] + 80 && blue[2] > blue[1] + 80, `blue bar: ${blue}`);
    }, 'the caller’s bars on the programme');
    await screenshot(page, 'caller-video-side-by-side-1920');

    // On air, the layout follows the choice only when asked: ĐỔI BỐ CỤC.
    await page.check('input[name="caller-layout"][value="pip"]');
    const change = videoSection(page).locator('button[data-action="layout"]');
    assert.equal(await change.isDisabled(), false);
    await change.click();
    await page.waitForSelector('section.layer[data-layer="caller_video"][data-layout="pip"]');
    assert.equal((await scene()).caller_video.layout, 'pip');
    assert.equal(await change.isDisabled(), true, 'nothing left to change');

    // A lost link (here set through the scene API) shows on the section.
    const lost = await api.op('PATCH', '/api/program/scene/caller_video', { lost: true });
    assert.equal(lost.status, 200, JSON.stringify(lost.body));
    await page.waitForSelector('section.layer[data-layer="caller_video"][data-lost="true"]');
    assert.match(await videoSection(page).locator('[data-role="video-link"]').textContent(), /MẤT KẾT NỐI/);
    await screenshot(page, 'caller-video-lost-1920');

    await stripRow(page, c.id).locator('button[data-caller-to="done"]').click();
    await page.waitForSelector('section.layer[data-layer="caller_video"][data-on-air="false"]');
    s = await scene();
    assert.equal(s.caller_video.visible, false);
    assert.equal(s.lower_third.visible, false);
    assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  } finally {
    await page.context().close();
  }
});

test('unticking "Lên sóng có hình" takes the voice and lower third only; PREVIEW shows the picture box', async () => {
  const c = await nextCaller({ name: 'Trần Văn Ổn', area: 'Xã An Bình' });
  const page = await openControl(users.op);
  try {
    // PREVIEW of the caller's take is a still; nothing goes to air.
    await videoSection(page).locator('button[data-action="preview"]').click();
    await page.waitForSelector('#pvw:not([hidden])');
    assert.match(await page.textContent('#pvw-label'), /Hình người gọi — chưa lên sóng/);
    assert.equal((await scene()).caller_video.visible, false);

    await page.uncheck('#caller-take-video');
    assert.equal(await page.isDisabled('input[name="caller-layout"][value="side_by_side"]'), true, 'no layout without a picture');
    await stripRow(page, c.id).locator('button[data-caller-to="on_air"]').click();
    await page.waitForSelector('section.layer[data-layer="lower_third"][data-on-air="true"]');
    const s = await scene();
    assert.equal(s.lower_third.name, 'Trần Văn Ổn');
    assert.equal(s.caller_video.visible, false);
    await stripRow(page, c.id).locator('button[data-caller-to="done"]').click();
    await page.waitForSelector('section.layer[data-layer="lower_third"][data-on-air="false"]');
    assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  } finally {
    await page.context().close();
  }
});
