// Evidence spares its viewer, in a real browser: an opened image arrives blurred and grey
// and becomes clear only when "show" is pressed, with the script and without it, and the
// page breaks no rule of its CSP. An ordinary test picture only (the PDQ reference landscape).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoAccounts, launch, root, signIn, startZeri } from "./zeri.mjs";

let server, base, browser, dataDir;
let out = { text: "" };

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "zeri-browser-evidence-"));
  ({ server, base, out } = await startZeri(["--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir]));
  browser = await launch();
  // A child's report with the picture, sent as the report form sends it.
  const picture = readFileSync(join(root, "crates/hashing/tests/data/pixels/bridge-mods--square-256x256.jpg.png"));
  const form = new FormData();
  for (const [k, v] of Object.entries({ reporter: "self", category: "images_shared", age_band: "13_15",
    description: "A photo of me is being shared", contact_method: "none" })) form.append(k, v);
  form.append("evidence", new Blob([picture], { type: "image/png" }), "photo.png");
  const res = await fetch(`${base}/en/report`, { method: "POST", body: form });
  assert.equal(res.status, 201, await res.text());
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

/** The filter the browser applies to the opened image. */
const filter = (page) => page.$eval(".evidence-image img", (img) => getComputedStyle(img).filter);

async function openTheImage(javaScriptEnabled) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await signIn(page, base, demoAccounts(out.text), "counsellor");
  const cases = await page.$$eval("table a[href*='/staff/reports/']", (as) => as.map((a) => a.href));
  for (const href of cases) {
    await page.goto(href);
    if (await page.$("form[action*='/evidence/'] input[name=reason]")) break;
  }
  // The evidence part of the case page is folded until opened.
  if (!(await page.isVisible("form[action*='/evidence/'] input[name=reason]"))) await page.click("summary:has(#evidence)");
  await page.fill("form[action*='/evidence/'] input[name=reason]", "Checking the picture for the police referral");
  await page.click("form[action*='/evidence/'] button[type=submit]");
  await page.waitForSelector(".evidence-image img");
  return { context, page, errors };
}

for (const script of [true, false]) {
  test(`an opened image is blurred and grey until "show" is pressed (${script ? "with" : "without"} the script)`, async () => {
    const { context, page, errors } = await openTheImage(script);
    const hidden = await filter(page);
    assert.match(hidden, /blur\(24px\)/, hidden);
    assert.match(hidden, /grayscale\(1\)/, hidden);
    assert.ok(!(await page.$eval("details.evidence-view", (d) => d.open)), "closed at first");
    await page.click("details.evidence-view summary");
    // The filter eases out over 0.2 s (polled from here: the page may have no script).
    let shown = await filter(page);
    for (let i = 0; i < 50 && shown !== "none"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      shown = await filter(page);
    }
    assert.equal(shown, "none", "clear once asked");
    assert.ok(await page.$eval(".evidence-image img", (img) => img.naturalWidth > 0), "the picture itself is there");
    assert.ok((await page.textContent(".exposure")).includes("Your exposure to material today"));
    // "Done" leads back to the case (and ends the opening's exposure).
    await page.click("form[data-exposure-done] button");
    await page.waitForURL(/\/en\/staff\/reports\/[0-9a-f]+(#evidence-[0-9a-f]+)?$/);
    assert.deepEqual(errors, [], "no CSP violation or script error");
    await context.close();
  });
}
