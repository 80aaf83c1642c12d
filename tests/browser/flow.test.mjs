// Browser tests in Debian's Chromium, driven by playwright-core: what only a real browser
// shows. The test starts the real `zeri` binary (built by scripts/test) on a free port.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoAccounts, launch, root, signIn as signInAs, startZeri } from "./zeri.mjs";

let server, base, browser, dataDir;
let out = { text: "" };

async function signIn(page, user, lang = "en") {
  await signInAs(page, base, demoAccounts(out.text), user, lang);
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "zeri-browser-"));
  ({ server, base, out } = await startZeri(["--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir]));
  browser = await launch();
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
  await page.goto(`${base}/sq/report?all=1`);
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
  await page.goto(`${base}/en/report?all=1`);
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
  await page.goto(`${base}/sq/report?all=1`);
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

test("a reload of the receipt page sends nothing again, and Back brings no typed text back", async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${base}/en/report?all=1`);
  await page.check("input[name=reporter][value=self]");
  await page.check("input[name=category][value=sexual_extortion]");
  await page.fill("#description", "He wants money or he posts my photos.");
  await page.check("input[name=age_band][value='13_15']");
  await page.click("button[type=submit]");
  await page.waitForURL(/\/en\/report\/received$/);
  const receipt = (await page.textContent("[data-receipt]")).trim();
  // A reload is a GET of the receipt page: the same receipt, no form sent again.
  const sent = [];
  page.on("request", (r) => { if (r.method() === "POST") sent.push(r.url()); });
  await page.reload();
  assert.equal((await page.textContent("[data-receipt]")).trim(), receipt);
  assert.deepEqual(sent, [], "nothing posted by the reload");
  // Back to the form: empty, nothing the child typed.
  await page.goBack();
  await page.waitForSelector("#description");
  assert.equal(await page.inputValue("#description"), "");
  // "I have written it down": the receipt is not shown again.
  await page.goForward();
  await page.click("text=I have written it down");
  await page.goto(`${base}/en/report/received`);
  assert.equal(await page.locator("[data-receipt]").count(), 0);
  assert.deepEqual(page.errors, []);
});

test("at 320 px the receipt stays on one line, never broken inside a group, with a copy button", async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto(`${base}/en/report?all=1`);
  await page.check("input[name=reporter][value=self]");
  await page.check("input[name=category][value=grooming]");
  await page.fill("#description", "Someone keeps asking me for photos.");
  await page.check("input[name=age_band][value='13_15']");
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-receipt]");
  await page.waitForLoadState("load");
  const box = await page.evaluate(() => {
    const el = document.querySelector("[data-receipt]");
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
    return { lines: tops.size, overflow: el.scrollWidth > el.clientWidth, size: parseFloat(getComputedStyle(el).fontSize) };
  });
  assert.equal(box.lines, 1, "one line");
  assert.equal(box.overflow, false, "nothing hidden");
  assert.ok(box.size >= 17, `large digits: ${box.size}px`);
  assert.ok(await page.isVisible("[data-copy-receipt]"), "a copy button, with the script");
  assert.deepEqual(page.errors, []);
});

test("the stepped report reaches a receipt in three screens on the minimum path, with and without the script", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
    const page = await context.newPage();
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) errors.push(m.text()); });
    const screens = [];
    /** The step now shown: its number, its size, and (with the script) axe's verdict. */
    async function screen() {
      await page.waitForLoadState("load");
      const step = await page.getAttribute("form[data-report-step]", "data-report-step");
      assert.match(await page.textContent(".report-progress"), new RegExp(`Step ${step} of 5`));
      const size = await page.evaluate(() => new TextEncoder().encode(document.documentElement.outerHTML).length);
      assert.ok(size < 30 * 1024, `step ${step}: ${size} bytes`);
      if (javaScriptEnabled) assert.deepEqual(await axe(page), [], `step ${step}`);
      screens.push(step);
    }
    await page.goto(`${base}/en/report`);
    await screen();
    // "Next" checks this step only: the errors are beside the fields, nothing is lost.
    await page.click("button[value=next]");
    await page.waitForSelector("#error-reporter");
    await page.check("input[name=reporter][value=self]");
    await page.check("input[name=category][value=grooming]");
    await page.click("button[value=next]");
    await screen();
    await page.fill("#description", "Someone I met in a game keeps asking me for photos.");
    await page.click("button[value=next]");
    await screen();
    // Back keeps every answer, then forward again.
    await page.click("button[value=back]");
    assert.equal(await page.inputValue("#description"), "Someone I met in a game keeps asking me for photos.");
    await page.click("button[value=next]");
    await page.check("input[name=age_band][value='13_15']");
    await page.click("button[value=send]");
    await page.waitForSelector("[data-receipt]");
    assert.deepEqual([...new Set(screens)], ["1", "2", "3"], "three screens on the minimum path");
    assert.equal(new URL(page.url()).pathname, "/en/report/received");
    assert.doesNotMatch(page.url(), /photos|grooming/, "no answer in the address");
    assert.deepEqual(errors, []);
    await context.close();
  }
  // The longer path: contact and consent, then the check with a "Change" per group.
  const page = await newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${base}/sq/report`);
  await page.check("input[name=reporter][value=on_behalf]");
  await page.check("input[name=category][value=sexual_extortion]");
  await page.click("button[value=next]");
  await page.fill("#description", "Dikush kërkon para.");
  await page.click("button[value=next]");
  await page.check("input[name=age_band][value='16_17']");
  await page.fill("#location", "Korce");
  await page.click("button[value=next]");
  assert.match(await page.textContent(".report-progress"), /Hapi 4 nga 5/);
  assert.equal(await page.isVisible("#phone"), false, "contact fields only for the chosen method");
  await page.check("input[name=consent_cpo]");
  assert.deepEqual(await axe(page), [], "step 4");
  await page.click("button[value=next]");
  assert.match(await page.textContent(".report-progress"), /Hapi 5 nga 5/);
  assert.match(await page.textContent("main"), /Dikush kërkon para\./);
  assert.deepEqual(await axe(page), [], "step 5");
  await page.click("button[name=go][value='2']");
  assert.equal(await page.inputValue("#description"), "Dikush kërkon para.");
  await page.click("button[value=next]");
  await page.click("button[value=next]");
  assert.equal(await page.isChecked("input[name=consent_cpo]"), true, "the consent kept");
  await page.click("button[value=next]");
  await page.click("button.primary[value=send]");
  await page.waitForSelector("[data-receipt]");
  assert.deepEqual(page.errors, []);
});

test("the error summary is in the order of the form, takes the focus and leads to each field", async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${base}/en/report?all=1`);
  await page.fill("#location", "Nowhere-at-all");
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-error-summary]");
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute("data-error-summary")), true, "focused");
  const targets = await page.$$eval("[data-error-summary] a", (as) => as.map((a) => a.getAttribute("href")));
  assert.deepEqual(targets.slice(0, 3), ["#field-reporter", "#field-category", "#field-description"], String(targets));
  await page.click("[data-error-summary] a[href='#field-description']");
  assert.equal(await page.evaluate(() => document.activeElement.id), "description");
  // The language switch keeps the page and what was typed.
  await page.fill("#description", "Dikush më kërcënon");
  await page.click("[data-switch-language]");
  await page.waitForFunction(() => document.documentElement.lang === "sq");
  assert.equal(await page.inputValue("#description"), "Dikush më kërcënon");
  assert.deepEqual(page.errors, []);
});

test("after the quick exit, Back and «I have a receipt» ask for the receipt", async () => {
  const page = await newPage();
  await page.goto(`${base}/en/report?all=1`);
  await page.check("input[name=reporter][value=self]");
  await page.check("input[name=category][value=grooming]");
  await page.fill("#description", "Someone I met in a game keeps asking for photos.");
  await page.check("input[name=age_band][value='13_15']");
  await page.click("button[type=submit]");
  const receipt = (await page.textContent("[data-receipt]")).trim();
  await page.goto(`${base}/en/followup`);
  await page.fill("#receipt", receipt);
  await page.click("button[type=submit]");
  await page.waitForSelector("text=Close my report on this device");
  await page.click("[data-quick-exit]");
  await page.waitForURL(/google\.com/);
  await page.goBack();
  await page.goto(`${base}/en`);
  await page.click("a[href='/en/followup']");
  assert.ok(await page.isVisible("#receipt"), "the receipt is asked for again");
  assert.equal(await page.locator("text=Close my report on this device").count(), 0, "nothing of the report");
  const cookies = await page.context().cookies();
  assert.equal(cookies.filter((c) => c.name === "zeri_followup").length, 0, "the session cookie is gone");
});

test("report, receipt, a counsellor's reply and the follow-up with its access log, in both languages", async () => {
  const langs = [
    { lang: "en", awaiting: "waiting for reply", opened: /helpline counsellor \(.*ALO 116 111\) opened your report/ },
    { lang: "sq", awaiting: "pret përgjigje", opened: /këshilltar i linjës së ndihmës \(.*ALO 116 111\) hapi raportimin tënd/ },
  ];
  for (const { lang, awaiting, opened } of langs) {
    const child = await newPage();
    await child.goto(`${base}/${lang}/report?all=1`);
    await child.check("input[name=reporter][value=on_behalf]");
    await child.check("input[name=category][value=images_shared]");
    await child.fill("#description", `My daughter's photos were shared in a group (${lang})`);
    await child.check("input[name=age_band][value='16_17']");
    await child.click("button[type=submit]");
    const receipt = (await child.textContent("[data-receipt]")).trim();

    const staff = await newPage();
    await signIn(staff, "counsellor", lang);
    await staff.click(`text=${awaiting} >> xpath=ancestor::tr//a`);
    assert.ok((await staff.textContent(".description")).includes(`photos were shared in a group (${lang})`));
    await staff.fill("#body", `Thank you for telling us. We can help remove them. (${lang})`);
    await staff.click("form[action$='/messages'] button[type=submit]");
    await staff.selectOption("#stage-to", "referred_for_support");
    await staff.click("form[action$='/stage'] button[type=submit]");
    await staff.screenshot({ path: join(tmpdir(), `zeri-staff-${lang}.png`), fullPage: true });

    await child.goto(`${base}/${lang}/followup`);
    await child.fill("#receipt", receipt);
    await child.click("button[type=submit]");
    assert.equal(await child.getAttribute("[data-stage]", "data-stage"), "referred_for_support");
    assert.ok((await child.textContent(".messages")).includes(`We can help remove them. (${lang})`));
    assert.match(await child.textContent(".access"), opened);
    assert.deepEqual(child.errors, []);
    assert.deepEqual(staff.errors, []);
  }
});

test("a referral reaches the Child Protection Unit of Kukës, and the child sees who opened the case", async () => {
  const child = await newPage();
  await child.goto(`${base}/en/report?all=1`);
  await child.check("input[name=reporter][value=self]");
  await child.check("input[name=category][value=sexual_extortion]");
  await child.fill("#description", "Someone from a game threatens to post my photos");
  await child.check("input[name=age_band][value='13_15']");
  await child.fill("#location", "Kukës");
  await child.check("input[name=consent_cpo]");
  await child.click("button[type=submit]");
  const receipt = (await child.textContent("[data-receipt]")).trim();

  const counsellor = await newPage();
  await signIn(counsellor, "counsellor");
  await counsellor.click("text=Kukës >> xpath=ancestor::tr//a");
  // The unit of the child's municipality is suggested; the identity stays hidden.
  assert.equal(await counsellor.inputValue("#refer-to"), "cpu-kukes");
  // The referrals part is folded until opened.
  assert.equal(await counsellor.isVisible("#refer-note"), false);
  await counsellor.click("summary:has(#referrals)");
  await counsellor.fill("#refer-note", "Sexual extortion; the child is frightened and wants support.");
  await counsellor.click("form[action$='/referrals'] button[type=submit]");
  assert.match(await counsellor.textContent("details:has(#referrals) > ul"), /Child Protection Unit, Kukës/);

  const officer = await newPage();
  await signIn(officer, "officer-kukes");
  await officer.click("text=Referral for your organisation >> xpath=ancestor::tr//a");
  assert.match(await officer.textContent("#referral-answer"), /the child is frightened/);
  assert.equal(await officer.locator(".description").count(), 1, "only the referral note before accepting");
  await officer.click("#referral-answer button[value=accepted]");
  assert.ok((await officer.textContent(".card.description")).includes("threatens to post my photos"));
  await officer.screenshot({ path: join(tmpdir(), "zeri-officer.png"), fullPage: true });

  await child.goto(`${base}/en/followup`);
  await child.fill("#receipt", receipt);
  await child.click("button[type=submit]");
  const access = await child.textContent(".access");
  assert.match(access, /Child Protection Officer \(Child Protection Unit, Kukës\)/);
  assert.doesNotMatch(access, /officer-kukes/);
  for (const p of [child, counsellor, officer]) assert.deepEqual(p.errors, []);
});

test("a child finds help near a village of Kukës, in Albanian, without diacritics", async () => {
  const page = await newPage();
  await page.goto(`${base}/sq/help`);
  assert.equal(await page.isVisible("[data-geolocate]"), true, "the location button appears with script");
  await page.fill("#place", "shtiqen");
  await page.click("form.help-search button[type=submit]");
  assert.match(await page.textContent("main"), /Pranë teje/);
  assert.match(await page.textContent(".services"), /Bashkia Kukës/);
  assert.match(await page.textContent("main"), /ALO 116 111/);
  assert.doesNotMatch(page.url(), /shtiqen/i, "the place never reaches the address bar");
  assert.deepEqual(page.errors, []);
});

test("every staff action on the case page says what was done, and a refusal is named beside its field", async () => {
  const child = await newPage();
  await child.goto(`${base}/en/report?all=1`);
  await child.check("input[name=reporter][value=self]");
  await child.check("input[name=category][value=grooming]");
  await child.fill("#description", "An adult on a game keeps asking me to meet him alone");
  await child.check("input[name=age_band][value='13_15']");
  await child.fill("#location", "Tropojë");
  await child.click("button[type=submit]");
  await child.waitForSelector("[data-receipt]");

  const staff = await newPage();
  await staff.setViewportSize({ width: 1280, height: 900 });
  await signIn(staff, "counsellor");
  await staff.click("text=Tropojë >> xpath=ancestor::tr//a");
  // The next step first, then a folding list of the parts.
  assert.match(await staff.textContent(".on-this-page"), /Next step:/);
  const done = async (what) => (await staff.textContent(".card.done[role=status]")).trim().match(what);
  // Opening a new case assigns it to the counsellor who opened it.
  assert.match(await staff.textContent("table.facts"), /Assigned to you/);
  await staff.selectOption("#urgency", "high");
  await staff.click("form[action$='/triage'] button[type=submit]");
  assert.ok(await done(/The triage was saved/));
  assert.match(staff.url(), /[?]done=triage#triage$/);
  // A folded part opens from the list on the page (with the script) and by its heading.
  await staff.click(".on-this-page summary");
  await staff.click(".on-this-page a[href='#notes']");
  // The link opens the folded part (on the hashchange that follows the click).
  await staff.waitForSelector("#note-body", { state: "visible", timeout: 5000 });
  await staff.fill("#note-body", "Called back; the child is safe at home tonight.");
  await staff.click("form[action$='/notes'] button[type=submit]");
  assert.ok(await done(/The note was added/));
  assert.equal(await staff.isVisible("#note-body"), true, "the part acted on stays open");
  await staff.click("summary:has(#tasks)");
  await staff.fill("#task-title", "Ask the school counsellor to call");
  await staff.click("form[action$='/tasks'] button[type=submit]");
  assert.ok(await done(/The task was added/));
  // A refusal: named beside its field, the input kept, nothing about reading the form.
  await staff.fill("#reveal-reason", "short");
  await staff.click("form[action$='/reveal'] button[type=submit]");
  assert.match(await staff.textContent(".error-summary"), /This was not done/);
  assert.doesNotMatch(await staff.textContent("main"), /could not read the form/);
  assert.match(await staff.textContent("#reveal .field-error"), /10 characters/);
  assert.equal(await staff.inputValue("#reveal-reason"), "short");
  assert.deepEqual(staff.errors, []);
  assert.deepEqual(child.errors, []);
});

test("help from Bicaj: the first result says how to reach it, and «from anywhere» holds only remote services", async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${base}/en/help`);
  await page.fill("#place", "Bicaj");
  await page.click("form.help-search button[type=submit]");
  const lists = page.locator("ul.services");
  assert.equal(await lists.count(), 2, "nearby, then from anywhere");
  const first = lists.nth(0).locator("li.service").first();
  assert.ok(await first.locator("a[href^='tel:']").count() > 0, "the first result can be called, itself or through ALO 116 111");
  assert.ok((await lists.nth(0).locator("li.service").count()) <= 10, "the nearest ten, then more");
  const remote = lists.nth(1).locator("li.service");
  const n = await remote.count();
  assert.ok(n > 0 && n < 20, `${n} services from anywhere`);
  for (let i = 0; i < n; i++) {
    const card = remote.nth(i);
    assert.ok((await card.locator("a[href^='tel:'], a[href^='http']").count()) > 0, "each one reached by phone or online");
    assert.equal(await card.locator(".reach").count(), 0, "none only in person");
  }
  // The search form stays above the results, and hours are in English on the English page.
  const formBox = await page.locator("form.help-search").boundingBox();
  const listBox = await lists.nth(0).boundingBox();
  assert.ok(formBox.y < listBox.y);
  assert.doesNotMatch(await page.textContent("main"), /\b(e hënë|e martë|e premte|çdo ditë)\b/i);
  assert.deepEqual(page.errors, []);
});

const axeSource = readFileSync(join(root, "tests", "browser", "node_modules", "axe-core", "axe.min.js"), "utf8");
const publicPages = ["", "/report", "/report?all=1", "/followup", "/help", "/learn", "/learn/risks", "/learn/what-to-do",
  "/learn/after-report", "/learn/get-help", "/learn/parents", "/learn/teachers", "/leaflet", "/staff/login"];

/** axe-core (WCAG 2.1 A and AA rules) on the page as it is now: the list of violations. */
async function axe(page) {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) stays on.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** A phone-sized page that records every request to another origin. */
async function phonePage() {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.foreign = [];
  page.errors = [];
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) page.foreign.push(r.url()); });
  page.on("console", (m) => { if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) page.errors.push(m.text()); });
  return page;
}

/** A public page on a phone: under `budget` bytes in all, fits 320 px, passes axe, asks
 *  no other origin and logs no error. */
async function checkPublicPage(where, budget) {
  const page = await phonePage();
  await page.goto(`${base}${where}`, { waitUntil: "load" });
  const bytes = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return nav.transferSize + performance.getEntriesByType("resource").reduce((s, r) => s + r.transferSize, 0);
  });
  assert.ok(bytes > 0 && bytes < budget, `${where}: ${bytes} bytes transferred`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${where} scrolls sideways at 320 px by ${overflow} px`);
  assert.deepEqual(await axe(page), [], where);
  assert.deepEqual(page.foreign, [], `${where} asked another origin`);
  assert.deepEqual(page.errors, [], where);
  await page.context().close();
}

test("every public page: no accessibility violations, nothing from elsewhere, under 30 KB, fits 320 px", async () => {
  for (const lang of ["sq", "en"]) {
    for (const path of publicPages) await checkPublicPage(`/${lang}${path}`, 30 * 1024);
  }
});

test("the take-down page: no accessibility violations, nothing from elsewhere, fits 320 px", async () => {
  // It carries the hashing code (WebAssembly), so it is heavier than the other pages.
  for (const lang of ["sq", "en"]) await checkPublicPage(`/${lang}/takedown`, 300 * 1024);
});

test("staff pages have no accessibility violations either", async () => {
  const page = await newPage();
  await signIn(page, "counsellor");
  const urls = [`${base}/en/staff`, `${base}/en/staff/guides`, `${base}/en/coverage`, `${base}/en/staff/wellbeing`];
  const first = await page.getAttribute("table a[href*='/staff/reports/']", "href");
  if (first) urls.push(`${base}${first}`);
  const admin = await newPage();
  await signIn(admin, "admin");
  const analyst = await newPage();
  await signIn(analyst, "analyst");
  for (const [p, url] of [...urls.map((u) => [page, u]),
    [admin, `${base}/en/staff/admin`], [admin, `${base}/en/staff/directory`], [admin, `${base}/en/staff/directory/new`],
    [admin, `${base}/en/staff/hash-lists`], [admin, `${base}/en/staff/admin/wellbeing`],
    [analyst, `${base}/en/staff/takedowns`]]) {
    await p.goto(url);
    assert.deepEqual(await axe(p), [], url);
  }
  assert.deepEqual(page.errors, []);
  assert.deepEqual(admin.errors, []);
});

test("from the home page to the right help in two taps, on a phone, in both languages", async () => {
  for (const [lang, place, near] of [["sq", "Shtiqen", "Pranë teje"], ["en", "Shtiqen", "Near you"]]) {
    const page = await phonePage();
    await page.goto(`${base}/${lang}`);
    await page.tap(`main a[href='/${lang}/help']`);
    await page.fill("#place", place);
    await page.locator("#place").blur();
    await page.tap("form.help-search button[type=submit]");
    await page.waitForSelector("ul.services li");
    assert.match(await page.textContent("main"), new RegExp(near));
    assert.match(await page.textContent(".services"), /Kukës/);
    assert.deepEqual(page.foreign, []);
    await page.context().close();
  }
});

test("the leaflet prints on one A5 page", async () => {
  const page = await newPage();
  await page.goto(`${base}/sq/leaflet?municipality=Kukes`);
  assert.ok(await page.isVisible(".qr svg"));
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A5", printBackground: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) || []).length;
  assert.equal(pages, 1, "one A5 sheet");
  assert.deepEqual(page.errors, []);
});
