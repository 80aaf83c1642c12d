// Notice and take-down, tried as a new user would in Chromium (issue 17's check): a URL
// reported anonymously; an analyst classifies it baseline; a local test resolver
// (`--resolve`) and a generated IP database (`countries.mmdb`, the one the Rust tests
// generate) place it in Albania; a notice e-mail reaches the test SMTP server; a re-check
// after removal closes it with its time to removal.
//
// Needs the SMTP test server: `eval "$(bash scripts/smtp.sh)"` (ZERI_TEST_SMTP and
// ZERI_TEST_SMTP_MAILDIR); without it the test is skipped, and under CI it fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, startZeri, launch, demoAccounts, signIn, totp } from "./zeri.mjs";

const smtp = process.env.ZERI_TEST_SMTP;
const maildir = process.env.ZERI_TEST_SMTP_MAILDIR;
if (!smtp && process.env.CI) throw new Error("CI must run the notice walk-through: set ZERI_TEST_SMTP");
const abuse = `abuse-${randomUUID().slice(0, 8)}@shqiponja.test`;
const police = `cyber-${randomUUID().slice(0, 8)}@policia.test`;
let zeri, browser, dataDir, accounts;

before(async () => {
  if (!smtp) return;
  dataDir = mkdtempSync(join(tmpdir(), "zeri-notice-"));
  zeri = await startZeri([
    "--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir,
    "--ip-country-db", join(root, "tests", "browser", "countries.mmdb"),
    "--resolve", "hosted-in-albania.test=127.0.0.20",
    "--smtp-url", smtp, "--smtp-from", "ISIGURT.al <raporto@isigurt.test>",
    "--cybercrime-email", police,
    // The e-mails need a public address; the port the server gets is not known before.
    "--public-url", "http://127.0.0.1",
  ]);
  accounts = demoAccounts(zeri.out.text);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  zeri?.server.kill("SIGTERM");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The message the SMTP test server stored for envelope recipient `to` (removed once read). */
async function delivered(to) {
  for (let i = 0; i < 100; i++) {
    for (const sub of ["new", "cur"]) {
      let names = [];
      try { names = readdirSync(join(maildir, sub)); } catch { continue; }
      for (const n of names) {
        const file = join(maildir, sub, n);
        const raw = readFileSync(file, "utf8");
        if (raw.split(/\r?\n/).some((l) => l.trimEnd() === `X-RcptTo: ${to}`)) {
          unlinkSync(file);
          return raw.replace(/=\r?\n/g, "");
        }
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

/** The administrator adds the host with its abuse contact (through the API). */
async function addHost() {
  const a = accounts.admin;
  const session = await fetch(`${zeri.base}/api/v1/auth/session`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: a.password, totp: await totp("admin", a.secret) }),
  });
  assert.equal(session.status, 201, await session.clone().text());
  const { token } = await session.json();
  const res = await fetch(`${zeri.base}/api/v1/admin/hosts`, {
    method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: "Shqiponja Hosting", kind: "hosting_provider", country: "AL",
      abuse_email: abuse, domains: "hosted-in-albania.test" }),
  });
  assert.equal(res.status, 201, await res.text());
}

test("a link hosted in Albania gets its notice and closes with its time to removal", { skip: !smtp }, async () => {
  await addHost();
  const url = `https://hosted-in-albania.test/gallery-${randomUUID().slice(0, 8)}/1.jpg`;

  // Reported anonymously on the public form.
  const pub = await (await browser.newContext()).newPage();
  await pub.goto(`${zeri.base}/en/report-link`);
  await pub.fill("#urls", url);
  await pub.click("button.primary[type=submit]");
  await pub.waitForURL(/\/en\/report-link\/received/);

  // The analyst opens it from the queue and classifies it baseline.
  const page = await (await browser.newContext()).newPage();
  await signIn(page, zeri.base, accounts, "analyst");
  await page.goto(`${zeri.base}/en/staff/hotline`);
  await page.click("table a[href*='/staff/hotline/items/']");
  await page.waitForURL(/\/staff\/hotline\/items\//);
  assert.ok((await page.textContent("ul.urls")).includes(url), "the address is shown as text");
  for (const [name, value] of [["verdict", "baseline"], ["content_type", "image"], ["age_group", "prepubescent"],
    ["site_type", "image_host"]]) {
    await page.check(`input[name=${name}][value=${value}]`);
  }
  await page.click("#assessment form[action$='/assess'] button.primary");
  await page.waitForURL(/done=assessed/);

  // Where is it hosted? Albania, at the host the administrator listed.
  await page.click("#takedown form[action$='/locate'] button");
  await page.waitForURL(/notice=located/);
  assert.match(await page.textContent("[data-hosting-country]"), /^AL/);
  assert.match(await page.textContent("[data-host]"), /Shqiponja Hosting/);

  // The notice: it reaches the test SMTP server, with the address and the reference.
  await page.click("#takedown form[action$='/notice'] button.primary");
  await page.waitForURL(/notice=sent/);
  const mail = await delivered(abuse);
  assert.ok(mail, "the notice reached the SMTP server");
  assert.ok(mail.includes(url), "the notice names the address");
  assert.match(mail, /Please remove it/);
  assert.ok(await delivered(police), "the referral reached the police's address");
  // The mail loop marks it sent just after the server took it.
  for (let i = 0; i < 50; i++) {
    await page.reload();
    if (/Notice to the host[^\n]*e-mail sent/.test(await page.textContent("#notice-timeline"))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(await page.textContent("#notice-timeline"), /Notice to the host.*e-mail sent/s);

  // After removal: a re-check, then "Gone", and the item shows its time to removal.
  await page.click("#takedown form[action$='/recheck'] button");
  await page.waitForURL(/notice=rechecked/);
  assert.match(await page.textContent("#notice-timeline"), /Re-check.*found: AL/s);
  await page.click("#takedown button[name=finding][value=gone]");
  await page.waitForURL(/notice=gone/);
  assert.match(await page.textContent("[data-time-to-removal]"), /^0 d 0 h$/);
  assert.match(await page.textContent("#notice-timeline"), /Seen gone/);
  assert.equal(await page.locator("#takedown form[action$='/notice']").count(), 0, "nothing more to send");
});
