// SPDX-License-Identifier: LGPL-2.1-or-later
// Opens an HLS player page in headless Chromium, waits until its <video>
// is really playing, and saves a screenshot of the video element.
//
//   node hls-screenshot.js URL OUTPUT.png PROFILE_DIR [TIMEOUT_MS]
//
// Prints one JSON line: the video's intrinsic size and how far it played.
// Exits 1 with the page's console output when it does not play in time.
// Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM); playwright-core
// only drives it over the DevTools protocol and downloads nothing.
'use strict';

const { chromium } = require('playwright-core');

async function main() {
  const [url, output, profileDir, timeoutArg] = process.argv.slice(2);
  if (!url || !output || !profileDir) {
    console.error('usage: hls-screenshot.js URL OUTPUT.png PROFILE_DIR [TIMEOUT_MS]');
    process.exit(2);
  }
  const timeout = Number(timeoutArg || 30000);
  const log = [];
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    timeout,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--autoplay-policy=no-user-gesture-required',
    ],
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', (msg) => log.push(`console.${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => log.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => log.push(`request failed: ${req.url()}`));
    await page.goto(url, { timeout });
    // Playing for real: frames decoded, time advancing, not paused.
    await page.waitForFunction(() => {
      const v = document.querySelector('video');
      return v && !v.paused && v.readyState >= 3 && v.currentTime > 0.5
        && v.videoWidth > 0;
    }, null, { timeout, polling: 100 });
    const video = await page.$('video');
    const info = await video.evaluate((v) => ({
      width: v.videoWidth, height: v.videoHeight, currentTime: v.currentTime,
      clientWidth: v.clientWidth, clientHeight: v.clientHeight,
    }));
    await video.screenshot({ path: output, timeout });
    console.log(JSON.stringify(info));
  } catch (err) {
    console.error(String(err));
    for (const line of log) console.error(line);
    process.exitCode = 1;
  } finally {
    await context.close();
  }
}

main().catch((err) => { console.error(String(err)); process.exit(1); });
