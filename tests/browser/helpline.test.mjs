// The helpline as a team, walked in Chromium as new users would (issue 19): a child reports
// and opens the chat; counsellor A takes it and replies while the supervisor watches the
// live queue; A hands it over warm to colleague B with a note, and the queue shows B; B
// replies, ends the chat and records the contact with a CHI category; the child rates the
// chat on the chat page at once; the supervisor finds the contact in the week's sample and
// reviews it. Four browser contexts, one server started with `--demo`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoAccounts, launch, root, signIn, startZeri } from "./zeri.mjs";

let server, base, browser, dataDir, out;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "zeri-helpline-"));
  ({ server, base, out } = await startZeri(["--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir,
    "--chat-hours", "daily 00:00-24:00"]));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

async function page(width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const p = await context.newPage();
  p.errors = [];
  p.on("console", (m) => { if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) p.errors.push(m.text()); });
  p.on("pageerror", (e) => p.errors.push(String(e)));
  return p;
}

const axeSource = readFileSync(join(root, "tests", "browser", "node_modules", "axe-core", "axe.min.js"), "utf8");
/** axe-core (WCAG 2.1 A and AA rules) on the page as it is now: the list of violations. */
async function axe(p) {
  await p.evaluate(axeSource);
  const result = await p.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const connected = (p) => p.waitForSelector("#chat[data-connected='1']", { timeout: 15000 });
const arrives = (p, text) => p.locator(".chat-log li p", { hasText: text }).first().waitFor({ timeout: 10000 });
async function say(p, text) {
  await p.fill("#chat-body", text);
  await p.click(".chat-form button[type=submit]");
}

test("a chat handed over warm under supervision, recorded, rated and reviewed", async () => {
  const accounts = demoAccounts(out.text);
  for (const who of ["counsellor", "counsellor2", "supervisor"]) assert.ok(accounts[who], `demo account ${who}`);

  // The child reports and opens the chat from the follow-up page.
  const child = await page(360);
  await child.goto(`${base}/en/report?all=1`);
  await child.check("input[name=reporter][value=self]");
  await child.check("input[name=category][value=sexual_extortion]");
  await child.fill("#description", "Zqxj-WALK someone is threatening to share my photos");
  await child.check("input[name=age_band][value='13_15']");
  await child.click("button[type=submit]");
  const receipt = (await child.textContent("[data-receipt]")).trim();
  await child.goto(`${base}/en/followup`);
  await child.fill("#receipt", receipt);
  await child.click("button[type=submit]");
  await child.click("#chat-now a");
  await child.waitForURL(/\/en\/followup\/chat$/);
  await connected(child);
  assert.equal(await child.locator("[data-chat-rating]").count(), 0, "nothing to rate yet");
  await say(child, "Zqxj-WALK-1 hello, I need help");

  // Counsellor A goes on duty, takes the chat and replies.
  const a = await page();
  await signIn(a, base, accounts, "counsellor");
  await a.goto(`${base}/en/staff/chats`);
  await a.getByRole("button", { name: "Start answering chats" }).click();
  await a.locator("tr[data-chat-row]").getByRole("button", { name: "Take" }).click();
  await a.waitForURL(/\/en\/staff\/chats\/[0-9a-f]{32}$/);
  const chat = a.url().split("/").pop();
  await connected(a);
  await arrives(a, "Zqxj-WALK-1");
  await say(a, "Zqxj-WALK-2 I am here, you are safe to write");
  await arrives(child, "Zqxj-WALK-2");

  // Colleague B goes on duty too.
  const b = await page();
  await signIn(b, base, accounts, "counsellor2");
  await b.goto(`${base}/en/staff/chats`);
  await b.getByRole("button", { name: "Start answering chats" }).click();
  assert.deepEqual(await axe(b), [], "the counsellor's queue");

  // The supervisor opens the live queue: A handles the chat; both are on duty.
  const sup = await page();
  await signIn(sup, base, accounts, "supervisor");
  await sup.goto(`${base}/en/staff/supervision`);
  assert.equal(await sup.getByRole("heading", { level: 1 }).textContent(), "Supervision: live chats");
  const row = sup.locator(`tr[data-sup-chat='${chat}']`);
  assert.equal((await row.locator("td[data-sup-handler]").innerText()).trim(), "counsellor");
  assert.match(await row.innerText(), /Being answered/);
  assert.match(await sup.locator("main").innerText(), /counsellor2 · since/);
  assert.doesNotMatch(await sup.locator("main").innerText(), /Zqxj/, "no message text in the queue");
  assert.deepEqual(await axe(sup), [], "the supervisor's live queue");
  // The supervisor reads along (in a page of its own); A is told.
  const along = await sup.context().newPage();
  along.errors = [];
  along.on("pageerror", (e) => along.errors.push(String(e)));
  await along.goto(`${base}/en/staff/chats/${chat}/supervise`);
  assert.match(await along.locator("main").innerText(), /Zqxj-WALK-2/);
  await a.reload();
  assert.match(await a.locator("main").innerText(), /Supervisor supervisor is reading along/);
  await connected(a);

  // A hands the chat over warm to B, with a note.
  await a.getByText("Hand over", { exact: true }).first().click();
  await a.getByLabel("To", { exact: true }).selectOption({ label: "counsellor2" });
  await a.getByLabel("Note for your colleague").fill("Zqxj-NOTE she asked about the police");
  await a.locator("form[action$='/handover']").getByRole("button", { name: "Hand over" }).click();
  await a.waitForURL(/\/en\/staff\/chats$/);

  // The supervisor's queue follows by itself (it reloads every few seconds): B now,
  // handed over warm by A.
  await sup.locator(`tr[data-sup-chat='${chat}'] td[data-sup-handler='counsellor2']`).waitFor({ timeout: 15000 });
  assert.match(await sup.locator(`tr[data-sup-chat='${chat}']`).innerText(), /counsellor2 \(handed over warm by counsellor\)/);

  // The supervisor starts a coaching note while reading along.
  await along.getByLabel("Note to the counsellor").fill("Zqxj-COACH ask whether she is safe tonight");
  await along.getByLabel("Note to the counsellor").blur();

  // B opens the chat: the note, who reads along; B replies and the child reads it.
  await b.goto(`${base}/en/staff/chats/${chat}`);
  await connected(b);
  const bText = await b.locator("main").innerText();
  assert.match(bText, /Note for your colleague: Zqxj-NOTE she asked about the police/);
  assert.match(bText, /Supervisor supervisor is reading along/);
  await say(b, "Zqxj-WALK-3 my colleague passed your chat to me, I am with you");
  await arrives(child, "Zqxj-WALK-3");
  assert.doesNotMatch(await child.locator("main").innerText(), /Zqxj-NOTE/, "the note never reaches the child");
  // Reading along keeps working across the hand-over: the colleague's reply comes in by
  // itself, and the note being written stays; sent, it reaches B.
  await along.locator(".chat-log li p", { hasText: "Zqxj-WALK-3" }).waitFor({ timeout: 15000 });
  assert.equal(await along.getByLabel("Note to the counsellor").inputValue(), "Zqxj-COACH ask whether she is safe tonight");
  assert.deepEqual(await axe(along), [], "reading along");
  await along.getByRole("button", { name: "Send the note" }).click();
  await along.waitForURL(new RegExp(`/en/staff/chats/${chat}/supervise$`));
  await b.reload();
  assert.match(await b.locator("main").innerText(), /Zqxj-COACH ask whether she is safe tonight/);
  await connected(b);
  assert.deepEqual(await axe(b), [], "the colleague's chat page");

  // B ends the chat and records the contact with a CHI category.
  await b.getByRole("button", { name: "End the chat" }).click();
  await b.waitForURL(new RegExp(`/en/staff/contacts/chat/${chat}$`));
  assert.equal(await b.getByRole("radio", { name: "Someone asked for help (data contact)" }).isChecked(), true);
  await b.getByLabel(/What it was about/).selectOption("sexual_extortion");
  assert.deepEqual(await axe(b), [], "the recording page");
  await b.getByRole("button", { name: "Save the record" }).click();
  await b.getByText("The contact is recorded.").waitFor();

  // The child's chat page asks the two questions at once, without a reload.
  const rating = child.locator("[data-chat-rating]");
  await rating.waitFor({ timeout: 15000 });
  assert.equal(await child.getByRole("heading", { name: "How was your chat?" }).isVisible(), true);
  assert.deepEqual(await axe(child), [], "the rating on the child's chat page");
  await rating.getByRole("group", { name: "Did you feel listened to?" }).getByLabel("Yes").check();
  await rating.getByRole("group", { name: "Would you come back to us?" }).getByLabel("Yes").check();
  await rating.getByRole("button", { name: "Send", exact: true }).click();
  await child.getByRole("heading", { name: "Thank you for telling us." }).waitFor();
  // Once per chat: back on the chat page, nothing more to rate.
  await child.goto(`${base}/en/followup/chat`);
  assert.equal(await child.locator("[data-chat-rating]").count(), 0);

  // The supervisor opens the week's reviews: the contact is in the sample; the review is saved.
  await sup.goto(`${base}/en/staff/supervision/reviews`);
  const sample = sup.locator("li[data-sample]");
  assert.equal(await sample.count(), 1);
  assert.match(await sample.innerText(), /Chat · counsellor2 · Someone asked for help \(data contact\) · Sexual extortion/);
  assert.deepEqual(await axe(sup), [], "the week's sample");
  await sample.getByRole("link", { name: "Review" }).click();
  await sup.waitForURL(/\/en\/staff\/supervision\/reviews\/[0-9a-f]+$/);
  for (const group of await sup.locator("form fieldset").all()) await group.getByLabel("5", { exact: true }).check();
  await sup.getByLabel(/Comment/).fill("Zqxj-REVIEW a warm hand-over");
  assert.deepEqual(await axe(sup), [], "the review form");
  await sup.getByRole("button", { name: "Save the review" }).click();
  await sup.waitForURL(/\/en\/staff\/supervision\/reviews$/);
  assert.match(await sup.locator("li[data-sample]").innerText(), /Reviewed/);

  for (const p of [child, a, b, sup, along]) assert.deepEqual(p.errors, [], p.url());
});
