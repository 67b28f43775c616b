// SPDX-License-Identifier: LGPL-2.1-or-later
// Drives glwindowsrc-share's page in headless Chromium (Debian's; $CHROMIUM)
// for the share tests and the latency benchmark.
//
//   node share-view.js CONFIG.json
//
// CONFIG: { url, profile, timeout (ms), viewers (pages, each its own peer
// connection), frame (a file: the first page's current video frame as raw
// RGBA, read through a canvas at the video's own size), width (CSS pixels
// for the video element: the page scales it), actions ([{click: [x, y]} in
// the video's pixels, {wheel: [x, y, deltaY]}, {key: "k"}, {wait: ms}]),
// latency (seconds of frame
// counter samples), waitEnd (wait until the page says the stream ended),
// ignoreHTTPSErrors (accept a self-signed certificate: --tls-cert) }.
//
// Prints JSON lines: {"event": "playing", pages: [...]} once every page
// plays, then {"event": "ended", ...} with waitEnd, and last
// {"event": "done", ...}. Exits 1 with the pages' console output when
// something does not happen in time.
'use strict';

const fs = require('fs');
const { chromium } = require('playwright-core');

function emit(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

// Where the video's pixel (x, y) is on the page: object-fit: contain, as
// the page draws it (an independent reckoning of share.js's mapping).
async function pagePoint(page, x, y) {
  return page.$eval('video', (v, [px, py]) => {
    const r = v.getBoundingClientRect();
    const s = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
    return {
      x: r.left + (r.width - v.videoWidth * s) / 2 + (px + 0.5) * s,
      y: r.top + (r.height - v.videoHeight * s) / 2 + (py + 0.5) * s,
    };
  }, [x, y]);
}

// The candidate pair ICE chose: the addresses both ends really use.
async function selectedPair(page) {
  return page.evaluate(async () => {
    const pc = window.shareConnection;
    if (!pc) return null;
    const stats = await pc.getStats();
    let pair = null;
    stats.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        pair = stats.get(s.selectedCandidatePairId);
      }
    });
    if (!pair) return null;
    const local = stats.get(pair.localCandidateId);
    const remote = stats.get(pair.remoteCandidateId);
    return {
      local: local && (local.address || local.ip),
      remote: remote && (remote.address || remote.ip),
    };
  });
}

async function pageInfo(page) {
  const pair = await selectedPair(page).catch(() => null);
  const info = await page.evaluate(() => {
    const v = document.querySelector('video');
    const r = v.getBoundingClientRect();
    return {
      protocol: location.protocol,
      state: document.body.dataset.state,
      ice: document.body.dataset.ice,
      connection: document.body.dataset.connection,
      paused: v.paused, readyState: v.readyState,
      control: document.body.dataset.control === 'true',
      status: document.getElementById('status').textContent,
      width: v.videoWidth, height: v.videoHeight, currentTime: v.currentTime,
      clientWidth: r.width, clientHeight: r.height,
    };
  });
  return { ...info, pair };
}

// Samples of the fixture's frame counter (16 bits, 32-pixel squares along
// the top row) as each new value reaches the video: [value, ms since the
// epoch], the time at which the frame was handed to the page.
async function sampleCounter(page, seconds) {
  return page.evaluate((secs) => new Promise((resolve) => {
    const v = document.querySelector('video');
    const canvas = document.createElement('canvas');
    canvas.width = 16 * 32;
    canvas.height = 32;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const samples = [];
    let last = -1;
    const end = performance.now() + secs * 1000;
    function onFrame(now) {
      ctx.drawImage(v, 0, 0, canvas.width, canvas.height,
        0, 0, canvas.width, canvas.height);
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let value = 0;
      for (let i = 0; i < 16; i++) {
        const o = (16 * canvas.width + i * 32 + 16) * 4;
        value = (value << 1) | ((px[o] + px[o + 1] + px[o + 2]) > 384 ? 1 : 0);
      }
      if (value !== last) {
        samples.push([value, performance.timeOrigin + now]);
        last = value;
      }
      if (performance.now() < end) v.requestVideoFrameCallback(onFrame);
      else resolve(samples);
    }
    v.requestVideoFrameCallback(onFrame);
  }), seconds);
}

async function main() {
  const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const timeout = config.timeout || 30000;
  const log = [];
  const context = await chromium.launchPersistentContext(config.profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    deviceScaleFactor: 1,
    ignoreHTTPSErrors: !!config.ignoreHTTPSErrors,
    timeout,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--autoplay-policy=no-user-gesture-required',
      // ICE on loopback only: host candidates on 127.0.0.1, not hidden
      // behind mDNS names.
      '--allow-loopback-in-peer-connection',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  let failed = false;
  try {
    const pages = [];
    for (let i = 0; i < (config.viewers || 1); i++) {
      const page = i === 0 && context.pages()[0] ? context.pages()[0]
        : await context.newPage();
      page.on('console', (m) => log.push(`page ${i} console.${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => log.push(`page ${i} error: ${e.message}`));
      const resp = await page.goto(config.url, { timeout });
      if (!resp || resp.status() !== 200) {
        throw new Error(`page ${i}: HTTP ${resp ? resp.status() : 'no response'}`);
      }
      pages.push(page);
    }
    for (const page of pages) {
      await page.waitForFunction(() => {
        const v = document.querySelector('video');
        return document.body.dataset.state === 'playing' && v.videoWidth > 0
          && v.currentTime > 0.3 && !v.paused;
      }, null, { timeout, polling: 100 });
    }
    if (config.width) {
      await pages[0].$eval('video', (v, w) => {
        v.style.width = `${w}px`;
        v.style.height = `${w}px`; // a square box: bars, as object-fit makes them
      }, config.width);
    }
    emit({ event: 'playing', pages: await Promise.all(pages.map(pageInfo)) });

    if (config.frame) {
      // Wait for a frame presented after any earlier change.
      const rgba = await pages[0].evaluate(() => new Promise((resolve) => {
        const v = document.querySelector('video');
        v.requestVideoFrameCallback(() => {
          const c = document.createElement('canvas');
          c.width = v.videoWidth;
          c.height = v.videoHeight;
          const ctx = c.getContext('2d');
          ctx.drawImage(v, 0, 0);
          const data = ctx.getImageData(0, 0, c.width, c.height).data;
          let s = '';
          for (let i = 0; i < data.length; i += 0x8000) {
            s += String.fromCharCode.apply(null, data.subarray(i, i + 0x8000));
          }
          resolve(btoa(s));
        });
      }));
      fs.writeFileSync(config.frame, Buffer.from(rgba, 'base64'));
    }

    for (const action of config.actions || []) {
      if (action.click) {
        const p = await pagePoint(pages[0], action.click[0], action.click[1]);
        await pages[0].mouse.click(p.x, p.y);
      } else if (action.wheel) {
        const [x, y, dy] = action.wheel;
        const p = await pagePoint(pages[0], x, y);
        await pages[0].mouse.move(p.x, p.y);
        await pages[0].mouse.wheel(0, dy);
      } else if (action.key) {
        await pages[0].keyboard.press(action.key);
      } else if (action.wait) {
        await pages[0].waitForTimeout(action.wait);
      }
    }

    let latency = null;
    if (config.latency) latency = await sampleCounter(pages[0], config.latency);

    if (config.waitEnd) {
      await pages[0].waitForFunction(
        () => document.body.dataset.state === 'ended', null,
        { timeout, polling: 100 });
      emit({ event: 'ended', pages: await Promise.all(pages.map(pageInfo)) });
    }
    emit({ event: 'done', pages: await Promise.all(pages.map(pageInfo)), latency });
  } catch (err) {
    failed = true;
    console.error(String(err));
    for (const page of context.pages()) {
      console.error(JSON.stringify(await pageInfo(page).catch((e) => String(e))));
    }
    for (const line of log) console.error(line);
  } finally {
    await context.close();
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => { console.error(String(err)); process.exit(1); });
