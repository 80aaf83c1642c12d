// Browser tests in Debian's Chromium, driven by playwright-core: what only a real browser
// shows. The test starts the real `zeri` binary (built by scripts/test) on a free port.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = process.env.ZERI_BIN || join(root, "target", "debug", "zeri");
let server, base, browser, dataDir, demoPassword;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "zeri-browser-"));
  const env = { ...process.env, RUST_LOG: "info" };
  delete env.ZERI_DATABASE_URL;
  server = spawn(bin, ["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.on("data", (d) => {
    const m = /counsellor\s+password: (\S+)/.exec(d.toString());
    if (m) demoPassword = m[1];
  });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("zeri did not start")), 60000);
    server.stderr.on("data", (d) => {
      const m = /listening on (http:\/\/\S+)/.exec(d.toString());
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on("exit", (code) => reject(new Error(`zeri exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-quic", "--no-first-run", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

/** A page that fails the test on any console error (a CSP violation is one). */
async function newPage() {
  const context = await browser.newContext();
  // The quick exit leaves for a search engine: answer it locally, never over the network.
  await context.route(/^https:\/\/www\.google\.com\//, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<title>Moti</title><p>Moti sot</p>" }));
  const page = await context.newPage();
  page.errors = [];
  // Deliberate 4xx answers (a form with errors is a 422) are logged by Chromium as failed
  // loads; anything else, a CSP violation above all, fails the test.
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) page.errors.push(m.text());
  });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  return page;
}

test("a child reports in Albanian, keeps the receipt and follows up", async () => {
  const page = await newPage();
  await page.goto(`${base}/sq/report`);
  assert.equal(await page.getAttribute("html", "lang"), "sq");
  await page.check("input[name=reporter][value=self]");
  await page.check("input[name=category][value=sexual_extortion]");
  await page.fill("#description", "Dikush kërkon para, përndryshe publikon fotot e mia.");
  await page.check("input[name=age_band][value='13_15']");
  await page.fill("#location", "Korce");
  // Contact fields appear only for the chosen method.
  assert.equal(await page.isVisible("#phone"), false);
  await page.check("input[name=contact_method][value=phone]");
  assert.equal(await page.isVisible("#phone"), true);
  await page.fill("#phone", "069 123 4567");
  await page.click("button[type=submit]");
  const receipt = (await page.textContent("[data-receipt]")).trim();
  assert.match(receipt, /^\d{4}-\d{4}-\d{4}-\d{4}-\d{4}$/);
  await page.screenshot({ path: join(tmpdir(), "zeri-receipt.png"), fullPage: true });

  await page.goto(`${base}/sq/followup`);
  await page.fill("#receipt", receipt.replaceAll("-", " "));
  await page.click("button[type=submit]");
  assert.equal(await page.getAttribute("[data-stage]", "data-stage"), "received");
  await page.fill("#body", "A mund të më ndihmoni?");
  await page.click("#messages button[type=submit]");
  assert.ok((await page.textContent(".messages")).includes("A mund të më ndihmoni?"));
  await page.screenshot({ path: join(tmpdir(), "zeri-followup.png"), fullPage: true });
  assert.deepEqual(page.errors, []);
});

test("bad input is explained beside the field, in English, and what was typed stays", async () => {
  const page = await newPage();
  await page.goto(`${base}/en/report`);
  await page.fill("#description", "Typed before the error");
  await page.fill("#location", "Atlantis");
  await page.click("button[type=submit]");
  assert.equal(await page.inputValue("#description"), "Typed before the error");
  assert.match(await page.textContent("#error-location"), /do not know this place/);
  assert.match(await page.textContent("#error-category"), /choose one/);
  assert.deepEqual(page.errors, []);
});

test("the quick exit leaves at once and the back button does not return", async () => {
  const page = await newPage();
  await page.goto(`${base}/sq`);
  await page.goto(`${base}/sq/report`);
  await page.fill("#description", "gjysmë e shkruar");
  await page.click("[data-quick-exit]");
  await page.waitForURL(/google\.com/);
  await page.goBack();
  assert.equal(new URL(page.url()).pathname, "/sq", "the report page was replaced in history");
  // Escape twice also leaves.
  await page.goto(`${base}/en/followup`);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.waitForURL(/google\.com/);
});

test("a counsellor answers and the child sees it with the access log", async () => {
  assert.ok(demoPassword, "demo password printed");
  const child = await newPage();
  await child.goto(`${base}/en/report`);
  await child.check("input[name=reporter][value=on_behalf]");
  await child.check("input[name=category][value=images_shared]");
  await child.fill("#description", "My daughter's photos were shared in a group");
  await child.check("input[name=age_band][value='16_17']");
  await child.click("button[type=submit]");
  const receipt = (await child.textContent("[data-receipt]")).trim();

  const staff = await newPage();
  await staff.goto(`${base}/en/staff/login`);
  await staff.fill("#username", "counsellor");
  await staff.fill("#password", demoPassword);
  await staff.click("button[type=submit]");
  await staff.click("text=waiting for reply >> xpath=ancestor::tr//a");
  assert.ok((await staff.textContent(".description")).includes("photos were shared"));
  await staff.fill("#body", "Thank you for telling us. We can help remove them.");
  await staff.click("form[action$='/messages'] button[type=submit]");
  await staff.selectOption("#stage", "referred_for_support");
  await staff.click("form[action$='/stage'] button[type=submit]");
  await staff.screenshot({ path: join(tmpdir(), "zeri-staff.png"), fullPage: true });

  await child.goto(`${base}/en/followup`);
  await child.fill("#receipt", receipt);
  await child.click("button[type=submit]");
  assert.equal(await child.getAttribute("[data-stage]", "data-stage"), "referred_for_support");
  assert.ok((await child.textContent(".messages")).includes("We can help remove them."));
  assert.match(await child.textContent(".access"), /helpline counsellor opened your report/);
  assert.deepEqual(child.errors, []);
  assert.deepEqual(staff.errors, []);
});
