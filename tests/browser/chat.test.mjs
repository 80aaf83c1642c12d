// The live chat in Chromium, both sides at once: a child in Kukës opens the chat with the
// receipt, a counsellor takes it from the queue and they write to each other; the child's
// connection drops and comes back, the server restarts mid-conversation, and no message is
// lost or doubled. Nothing of the chat stays in the browser, the data folder or the logs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoAccounts, launch, root, signIn, startZeri } from "./zeri.mjs";

let server, base, browser, dataDir, out, accounts;
const logs = [];

async function start(listen) {
  const args = ["--listen", listen, "--data-dir", dataDir, "--chat-hours", "daily 00:00-24:00"];
  ({ server, base, out } = await startZeri(first() ? ["--demo", ...args] : args));
  logs.push(out);
}
const first = () => logs.length === 0;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "zeri-chat-"));
  await start("127.0.0.1:0");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

async function page(width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 740 : 900 } });
  // The quick exit leaves for a search engine: answer it locally, never over the network.
  await context.route(/^https:\/\/www\.google\.com\//, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<title>Moti</title><p>Moti sot</p>" }));
  const p = await context.newPage();
  p.errors = [];
  p.on("console", (m) => {
    // Failed loads while offline or while the server restarts are expected here.
    if (m.type() === "error" && !/status of 4\d\d|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|net::ERR/.test(m.text())) {
      p.errors.push(m.text());
    }
  });
  p.on("pageerror", (e) => p.errors.push(String(e)));
  return p;
}

/** The texts in a chat log, in order. */
async function texts(p) {
  return p.$$eval(".chat-log li p", (ps) => ps.map((x) => x.textContent));
}

/** Waits until `text` is in the chat log; the milliseconds it took. */
async function arrives(p, text, timeout = 10000) {
  const t0 = Date.now();
  await p.waitForFunction((t) => [...document.querySelectorAll(".chat-log li p")].some((x) => x.textContent === t),
    text, { timeout });
  return Date.now() - t0;
}

async function say(p, text) {
  await p.fill("#chat-body", text);
  await p.click(".chat-form button[type=submit]");
}

const axeSource = readFileSync(join(root, "tests", "browser", "node_modules", "axe-core", "axe.min.js"), "utf8");
/** axe-core (WCAG 2.1 A and AA rules) on the page as it is now: the list of violations. */
async function axe(p) {
  await p.evaluate(axeSource);
  const result = await p.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** The hour and minute now in Tirana, as the chat shows it. */
const tiranaNow = () => new Intl.DateTimeFormat("en-GB",
  { timeZone: "Europe/Tirane", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date());

const connected = (p) => p.waitForSelector("#chat[data-connected='1']", { timeout: 15000 });

test("a child and a counsellor chat live; drops and a restart lose nothing", async () => {
  // The child reports from Kukës, on a phone, and opens the chat with the receipt.
  const child = await page(360);
  await child.goto(`${base}/en/report?all=1`);
  await child.check("input[name=reporter][value=self]");
  await child.check("input[name=category][value=sexual_extortion]");
  await child.fill("#description", "Zqxj-CHAT-REPORT someone is threatening me");
  await child.check("input[name=age_band][value='13_15']");
  await child.fill("#location", "Kukes");
  await child.click("button[type=submit]");
  const receipt = (await child.textContent("[data-receipt]")).trim();
  await child.goto(`${base}/en/followup`);
  await child.fill("#receipt", receipt);
  await child.click("button[type=submit]");
  await child.click("#chat-now a");
  await child.waitForURL(/\/en\/followup\/chat$/);
  assert.match(await child.textContent("main"), /no voice or video call/);
  await connected(child);
  // No one is on duty yet: the child is told so, and who to call meanwhile.
  assert.equal(await child.isVisible("[data-chat-banner]"), true);
  assert.match(await child.textContent("[data-chat-banner]"), /No one is answering chats right now/);

  // A counsellor goes on duty and takes the waiting chat from the queue.
  const staff = await page();
  accounts = demoAccounts(logs[0].text);
  await signIn(staff, base, accounts, "counsellor");
  await staff.goto(`${base}/en/staff/chats`);
  await staff.click("form[action$='/staff/chats/duty'] button");
  await staff.click("tr[data-chat-row] form button");
  await staff.waitForURL(/\/en\/staff\/chats\/[0-9a-f]{32}$/);
  await connected(staff);
  // The chat banner disappears when a counsellor takes the chat, without a reload.
  await child.waitForSelector("[data-chat-banner]", { state: "hidden", timeout: 10000 });
  assert.match(await child.textContent(".chat-state"), /Someone is with you in the chat/);
  assert.doesNotMatch(await child.innerText("main"), /No one is answering/);
  // The staff side speaks to staff.
  assert.match(await staff.textContent(".chat-state"), /The chat is taken/);
  assert.doesNotMatch(await staff.innerText("main"), /Someone is with you/);

  await child.fill("#chat-body", "typing");
  await staff.waitForSelector(".chat-typing:has-text('The child is typing')", { timeout: 5000 });

  // Each message reaches the other side within the same second.
  await say(child, "Zqxj-CHAT-1 hello, is anyone there?");
  const toStaff = await arrives(staff, "Zqxj-CHAT-1 hello, is anyone there?");
  await staff.fill("#chat-body", "typing");
  await child.waitForSelector(".chat-typing:has-text('writing')", { timeout: 5000 });

  await say(staff, "Zqxj-CHAT-2 yes, I am here. You are safe to write.");
  const toChild = await arrives(child, "Zqxj-CHAT-2 yes, I am here. You are safe to write.");
  assert.ok(toStaff < 1000 && toChild < 1000, `delivered in ${toStaff} ms and ${toChild} ms`);
  // The child's message shows it was read once the counsellor's page showed it.
  await child.waitForSelector(".chat-log li.mine .mark[data-mark='read']", { timeout: 10000 });
  await staff.waitForSelector(".chat-log li.mine .mark:has-text('Read by the child')", { timeout: 10000 });

  // A conversation: the child's messages on one side, the team's on the other, each with
  // who wrote it (a role, never a person's name) and the time in Tirana.
  const talk = (p) => p.$$eval(".chat-log li", (lis) => lis.map((li) => {
    const r = li.getBoundingClientRect();
    return { side: li.className, who: li.querySelector(".who").textContent, time: li.querySelector("time").textContent,
      mark: li.querySelector(".mark").textContent, left: r.left, right: r.right };
  }));
  const [mine, theirs] = await talk(child);
  assert.equal(mine.side, "mine");
  assert.equal(mine.who, "You");
  assert.equal(mine.mark, "read");
  assert.equal(theirs.side, "theirs");
  assert.equal(theirs.who, "Counsellor, ALO 116 111");
  assert.equal(theirs.mark, "");
  assert.ok(mine.right > theirs.right && mine.left > theirs.left, `sides: ${JSON.stringify([mine, theirs])}`);
  const minutes = (hm) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
  for (const m of [mine, theirs]) {
    assert.match(m.time, /^\d\d:\d\d$/);
    const off = (minutes(tiranaNow()) - minutes(m.time) + 1440) % 1440;
    assert.ok(off <= 2, `${m.time} is Tirana time (now ${tiranaNow()})`);
  }
  assert.equal(await child.getAttribute(".chat-log", "aria-label"), "Your conversation");
  const desk = await talk(staff);
  assert.deepEqual(desk.map((m) => m.who), ["Child", "You"]);
  assert.equal(await staff.getAttribute(".chat-log", "aria-label"), "Conversation with the child");
  assert.deepEqual(await axe(child), [], "the child's chat at 360 px");
  assert.deepEqual(await axe(staff), [], "the staff chat at 1280 px");
  const bytes = await child.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return nav.transferSize + performance.getEntriesByType("resource").reduce((s, r) => s + r.transferSize, 0);
  });
  assert.ok(bytes > 0 && bytes < 30 * 1024, `the child's chat page: ${bytes} bytes transferred`);
  const overflow = await child.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the child's chat scrolls sideways by ${overflow} px`);

  // The child's connection drops: what the child writes waits in the page, what the
  // counsellor writes waits on the server; both arrive once the connection is back.
  await child.context().setOffline(true);
  await say(staff, "Zqxj-CHAT-3 take your time");
  await say(child, "Zqxj-CHAT-4 written while offline");
  await child.waitForSelector(".chat-log li.mine .mark[data-mark='offline']", { timeout: 10000 });
  await child.waitForTimeout(1500);
  await child.context().setOffline(false);
  await arrives(child, "Zqxj-CHAT-3 take your time");
  await arrives(staff, "Zqxj-CHAT-4 written while offline");

  // The server restarts mid-conversation, on the same address and data.
  const listen = new URL(base).host;
  server.kill("SIGTERM");
  await new Promise((r) => server.on("exit", r));
  await start(listen);
  await connected(child);
  await connected(staff);
  await say(staff, "Zqxj-CHAT-5 still here after the restart");
  await arrives(child, "Zqxj-CHAT-5 still here after the restart");
  await say(child, "Zqxj-CHAT-6 thank you");
  await arrives(staff, "Zqxj-CHAT-6 thank you");

  // Every message once, in order, on both sides.
  const expected = ["Zqxj-CHAT-1", "Zqxj-CHAT-2", "Zqxj-CHAT-3", "Zqxj-CHAT-4", "Zqxj-CHAT-5", "Zqxj-CHAT-6"];
  for (const p of [child, staff]) {
    const seen = (await texts(p)).map((t) => t.slice(0, 11));
    const staffSide = p === staff;
    // The counsellor wrote "typing" into the box but never sent it.
    assert.deepEqual(seen.filter((t) => t.startsWith("Zqxj")).sort(), expected, staffSide ? "staff" : "child");
    assert.equal(new Set(seen).size, seen.length, "no message twice");
  }
  // After the offline spell the order may differ by a message; a fresh page shows the
  // stored order, which is the order the server received them in.
  const fresh = await child.context().newPage();
  await fresh.goto(`${base}/en/followup/chat`);
  await connected(fresh);
  await arrives(fresh, "Zqxj-CHAT-6 thank you");
  assert.equal((await texts(fresh)).filter((t) => t.startsWith("Zqxj")).length, 6);
  // The server rendered that conversation: the same six, once, with who wrote them.
  assert.equal(await fresh.$$eval(".chat-log li .who", (w) => w.filter((x) => x.textContent === "Counsellor, ALO 116 111").length), 3);
  await fresh.close();

  // Handed back to the queue, the chat waits again, and the banner comes back.
  await staff.click("details.card summary");
  await staff.click("form[action$='/handover'] button[type=submit]");
  await staff.waitForURL(/\/en\/staff\/chats$/);
  await child.waitForSelector("[data-chat-banner]", { state: "visible", timeout: 10000 });

  // Nothing kept in the browser: no storage, and the chat page is not cached.
  const stored = await child.evaluate(() => localStorage.length + sessionStorage.length);
  assert.equal(stored, 0);
  const res = await child.request.get(`${base}/en/followup/chat`);
  assert.equal(res.headers()["cache-control"], "no-store");
  // The quick exit leaves the chat at once.
  await child.click("[data-quick-exit]");
  await child.waitForURL(/google\.com/, { timeout: 5000 });

  assert.deepEqual(child.errors, []);
  assert.deepEqual(staff.errors, []);
});

test("nothing of the chat is in the data folder or the logs in plaintext", async () => {
  const needles = ["Zqxj-CHAT-1", "Zqxj-CHAT-2", "Zqxj-CHAT-4", "Zqxj-CHAT-6", "Zqxj-CHAT-REPORT"];
  const files = [];
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p); else files.push(p);
    }
  };
  walk(dataDir);
  assert.ok(files.some((f) => f.endsWith("zeri.db")), "the scan reads the database");
  for (const f of files) {
    const bytes = readFileSync(f).toString("latin1");
    for (const n of needles) assert.ok(!bytes.includes(n), `${n} in ${f}`);
  }
  for (const l of logs) for (const n of needles) assert.ok(!l.text.includes(n), `${n} in the server's output`);
});
