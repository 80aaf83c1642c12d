// Partner hotlines in Debian's Chromium (issue 17: "a second URL placed abroad is forwarded
// to a second Zëri instance and appears in its queue without the reporter"). Two real
// `zeri` binaries: A places URLs with the loopback resolver and the generated IP-to-country
// database (countries.mmdb, pinned by the web tests), B is the partner in Germany.
// Each registers the other with a key; an analyst of A assesses a reported link and
// forwards it with the button; B's analyst finds it in the queue, from the partner hotline,
// and nothing of the reporter (the receipt) is on B's pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoAccounts, launch, root, signIn, startZeri, totp } from "./zeri.mjs";

const URL_ABROAD = "https://hosted-in-germany.test/gallery/42";
let a, b, browser;
const dirs = [];

async function instance(extra) {
  const dir = mkdtempSync(join(tmpdir(), "zeri-exchange-"));
  dirs.push(dir);
  const started = await startZeri(["--demo", "--listen", "127.0.0.1:0", "--data-dir", dir, ...extra]);
  return { ...started, accounts: demoAccounts(started.out.text) };
}

/** A staff API token of a demo account. */
async function token(z, user) {
  const acc = z.accounts[user];
  const res = await fetch(`${z.base}/api/v1/auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: user, password: acc.password, totp: await totp(user, acc.secret) }),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return JSON.parse(text).token;
}

async function post(z, path, body, bearer) {
  const res = await fetch(`${z.base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

before(async () => {
  a = await instance(["--ip-country-db", join(root, "tests", "browser", "countries.mmdb"),
                      "--resolve", "hosted-in-germany.test=127.0.1.20"]);
  b = await instance([]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  a?.server.kill();
  b?.server.kill();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test("an item hosted abroad is forwarded to the partner's Zëri and is in its queue without the reporter", async () => {
  // Each side registers the other; B's key for A is shown once and entered on A.
  const onB = await post(b, "/api/v1/admin/partners",
    { name: "ISIGURT.al", country: "AL", endpoint: a.base, key: "a-key-for-sending-to-albania-0123" }, await token(b, "admin"));
  await post(a, "/api/v1/admin/partners",
    { name: "Hotline DE", country: "DE", endpoint: b.base, key: onB.key }, await token(a, "admin"));

  // Someone reports the link on A and keeps a receipt.
  const reported = await post(a, "/api/v1/content-reports", { urls: [URL_ABROAD], receipt: true });
  const digits = reported.receipt.replace(/\D/g, "");

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, a.base, a.accounts, "analyst");
  await page.goto(`${a.base}/en/staff/hotline`);
  await page.click("table a[href*='/staff/hotline/items/']");
  await page.check("input[name=verdict][value=baseline]");
  await page.check("input[name=content_type][value=image]");
  await page.check("input[name=age_group][value=prepubescent]");
  await page.check("input[name=site_type][value=image_host]");
  await page.click("#assessment form[action$='/assess'] button[type=submit]");
  await page.waitForURL(/done=assessed/);
  await page.click("#exchange button[type=submit]");
  await page.waitForURL(/done=exchange-forwarded/);
  assert.match(await page.textContent("#exchange"), /taken by Hotline DE/);
  await ctx.close();

  // On B: in the queue, from the partner hotline; the item page names it; no receipt.
  const ctxB = await browser.newContext();
  const pageB = await ctxB.newPage();
  await signIn(pageB, b.base, b.accounts, "analyst");
  await pageB.goto(`${b.base}/en/staff/hotline`);
  assert.match(await pageB.textContent("main"), /From partner hotline ISIGURT\.al/);
  await pageB.click("table a[href*='/staff/hotline/items/']");
  const item = await pageB.textContent("main");
  assert.match(item, /Sent to us by ISIGURT\.al/);
  assert.ok(item.includes(URL_ABROAD), "B's analyst reads the address");
  assert.ok(!item.includes(digits) && !item.includes(reported.receipt), "nothing of the reporter on B");
  assert.doesNotMatch(item, /the reporter has a receipt/);
  await ctxB.close();
});
