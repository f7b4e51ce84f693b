// Saves a PNG of the page headless Chromium shows, over the Chrome DevTools Protocol.
// Usage: node screenshot.js DEVTOOLS_PORT URL_PREFIX OUT.png   (ws comes from host/node_modules)
'use strict';
const fs = require('fs');
const path = require('path');
const WebSocket = require(path.join(__dirname, 'host/node_modules/ws'));

async function main() {
  const [port, prefix, out] = process.argv.slice(2);
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const page = targets.find((t) => t.type === 'page' && t.url.startsWith(prefix));
  if (!page) throw new Error(`no page at ${prefix}: ${JSON.stringify(targets.map((t) => t.url))}`);
  const ws = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const reply = new Promise((resolve, reject) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.id !== 1) return;
      if (msg.error) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result);
    });
  });
  ws.send(JSON.stringify({ id: 1, method: 'Page.captureScreenshot', params: { format: 'png' } }));
  const result = await reply;
  fs.writeFileSync(out, Buffer.from(result.data, 'base64'));
  ws.close();
}
main().catch((e) => { console.error(`screenshot.js: ${e.message}`); process.exit(1); });
