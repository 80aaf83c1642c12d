// The child in control, in Debian's Chromium (issue 19, points 4 and 5): on the receipt
// page the child confirms they saved the receipt (a wrong last four digits says so, the
// right ones are confirmed) and saves it as a file; on the follow-up page they take back
// their consent for the police and download a copy with their words and the access log.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, startZeri } from "./zeri.mjs";

let server, base, browser, dataDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "zeri-browser-child-"));
  ({ server, base } = await startZeri(["--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir]));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

async function newPage() {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) page.errors.push(m.text());
  });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  return page;
}

const WORDS = "Someone from the game chat keeps asking me for photos at night.";

/** A report with consent for the police, up to its receipt page; the receipt. */
async function report(page) {
  await page.goto(`${base}/en/report?all=1`);
  await page.check("input[name=reporter][value=self]");
  await page.check("input[name=category][value=grooming]");
  await page.fill("#description", WORDS);
  await page.check("input[name=age_band][value='13_15']");
  await page.check("input[name=consent_police]");
  await page.click("button[type=submit]");
  await page.waitForURL(/\/en\/report\/received$/);
  return (await page.textContent("[data-receipt]")).trim();
}

async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = join(dataDir, download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), text: readFileSync(path, "utf8") };
}

test("the child confirms the receipt is saved, by its last four digits or as a file", async () => {
  const page = await newPage();
  const receipt = await report(page);
  assert.ok(await page.isVisible("text=Did you save your receipt?"));
  const last4 = receipt.slice(-4);
  const wrong = String((Number(last4) + 1) % 10000).padStart(4, "0");
  await page.fill("#last4", wrong);
  await page.click("#saved button[type=submit]");
  assert.ok(await page.isVisible("text=These are not the last 4 digits of your receipt"));
  assert.equal((await page.textContent("[data-receipt]")).trim(), receipt, "the receipt is still there to look at");
  await page.fill("#last4", last4);
  await page.click("#saved button[type=submit]");
  await page.waitForSelector(".saved-ok");
  assert.ok(!page.url().includes(last4), "no digits in the address");
  const file = await downloaded(page, () => page.click("[data-receipt-file]"));
  assert.equal(file.name, "zeri-receipt.txt");
  assert.ok(file.text.includes(receipt), file.text);
  assert.deepEqual(page.errors, []);
});

test("the child takes back consent for the police and downloads a copy", async () => {
  const page = await newPage();
  const receipt = await report(page);
  await page.goto(`${base}/en/followup`);
  await page.fill("#receipt", receipt);
  await page.click("form[action='/en/followup'] button[type=submit]");
  await page.waitForSelector("#consent");
  const police = page.locator("#consent li[data-recipient=police]");
  assert.equal(await police.getAttribute("data-consent"), "given");
  assert.ok((await police.textContent()).includes("The State Police"));
  await page.click("#consent li[data-recipient=police] [data-withdraw-consent]");
  await page.waitForSelector("#consent li[data-recipient=police][data-consent=none]");
  assert.ok(await page.isVisible("#consent li[data-recipient=police] [data-give-consent]"));
  assert.ok((await page.textContent("ul.access")).includes("You decided about sharing with Police: withdrawn."));
  const copy = await downloaded(page, () => page.click("[data-download-copy]"));
  assert.equal(copy.name, "zeri-my-copy.txt");
  assert.ok(copy.text.includes(WORDS), copy.text);
  assert.ok(copy.text.includes("You decided about sharing with Police: withdrawn."), copy.text);
  assert.ok(!copy.text.includes(receipt), "the receipt is not in the copy");
  // Still on the follow-up page: a download does not navigate.
  assert.ok(page.url().endsWith("/en/followup#consent"), page.url());
  assert.deepEqual(page.errors, []);
});
