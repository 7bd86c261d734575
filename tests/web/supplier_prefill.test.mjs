// The supplier's short road to ★3 (issue 15), in a real Chromium, in Japanese and English:
// the demo buyer asks a new supplier for ★3 on the common catalog (the request e-mail goes
// through a real SMTP sink); the supplier signs up, answers SECURITY ACTION, finds the
// self-check and the ★3 subset of the common catalog pre-filled with provenance, confirms
// the carried-over answers, answers the rest, and submits through the confirmation step with
// the management declaration.
//
// Clicks are counted: every page.click / check / fill / selectOption a user performs on the
// supplier's side, from the home page's sign-up link to the submission (the buyer's request
// is the buyer's work and not counted). The count is reported as a test diagnostic and pinned
// below an upper bound; docs/web.md ("事前入力と★3への近道") records it with the count of the old
// road.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corporateNumber, DEMO_BUYER } from './harness.mjs';
import { messages, newPage as newPageOn, signIn, checkPage, startSmtpSink } from './journey_support.mjs';

let sink, server, browser;
const newPage = (lang) => newPageOn(browser, server, lang);

before(async () => {
  sink = await startSmtpSink();
  server = await startServer({ smtpPort: sink.port });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.stop();
});

// User actions, counted.
function counter() {
  const actions = { count: 0 };
  actions.click = async (locator) => { actions.count++; await locator.click(); };
  actions.check = async (locator) => { actions.count++; await locator.check(); };
  actions.fill = async (locator, value) => { actions.count++; await locator.fill(value); };
  actions.select = async (locator, value) => { actions.count++; await locator.selectOption(value); };
  return actions;
}

// Answers every question of the page that has no answer yet with `value`, and changes a
// confirmed answer that is not `value` (the supplier improved since); counts each click.
async function answerRest(page, actions, value) {
  for (const question of await page.locator('fieldset.question').all()) {
    const wanted = question.locator(`input[type=radio][value="${value}"]`);
    if (await wanted.count() === 0 || await wanted.isChecked()) continue;
    await actions.check(wanted);
  }
}

// Goes through every answer page: confirms the carried-over answers on the page (one click),
// answers the rest, and moves on. Returns how many carried-over answers were shown.
async function answerPages(page, msg, actions, value, { expectCarried }) {
  let carried = 0;
  for (let pages = 0; pages < 30; pages++) {
    const proposals = await page.locator('[data-carried]').count();
    if (proposals > 0) {
      carried += proposals;
      // The provenance: where it comes from and the chain of mappings.
      await page.locator('[data-carried]').first().getByText(msg.prefill_provenance).click();
      const chain = await page.locator('[data-carried] .provenance li').first().textContent();
      assert.match(chain, /→/, 'the provenance chain is shown');
      await checkPage(page);
      await actions.click(page.getByRole('button', { name: msg.prefill_confirm_all }));
      await page.getByRole('status').filter({ hasText: msg.done_carried_confirmed }).waitFor();
      assert.equal(await page.locator('[data-carried]').count(), 0, 'every proposal on the page is confirmed');
    }
    await answerRest(page, actions, value);
    const finish = page.getByRole('button', { name: msg.answer_finish });
    if (await finish.count()) {
      await actions.click(finish);
      break;
    }
    const at = page.url();
    await actions.click(page.getByRole('button', { name: msg.answer_next }));
    await page.waitForURL((url) => url.toString() !== at);
  }
  await page.waitForURL(/done=answers_complete/);
  if (expectCarried) assert.ok(carried > 0, 'answers were carried over');
  return carried;
}

for (const lang of ['ja', 'en']) {
  test(`supplier short road: request e-mail, pre-fill, ★3 subset, safe submission (${lang})`, async (t) => {
    const msg = messages(lang);
    const actions = counter();
    const number = corporateNumber();
    const email = `prefill-${number}@example.jp`;

    // The supplier signs up.
    const page = await newPage(lang);
    await actions.click(page.getByRole('link', { name: msg.home_signup }));
    await actions.fill(page.getByLabel(msg.field_corporate_number), number);
    await actions.fill(page.getByLabel(msg.field_company_name), lang === 'ja' ? `近道製作所 ${number.slice(-5)}` : `Shortcut Works ${number.slice(-5)}`);
    await actions.select(page.getByLabel(msg.field_industry), 'E');
    await actions.fill(page.getByLabel(msg.field_employees), '50');
    await actions.fill(page.getByLabel(msg.field_display_name), lang === 'ja' ? '総務 花子' : 'Hanako Soumu');
    await actions.fill(page.getByLabel(msg.field_email), email);
    await actions.fill(page.getByLabel(msg.field_password), 'correct horse battery staple');
    await actions.click(page.getByRole('button', { name: msg.signup_submit }));
    await page.waitForURL(/done=signed_up/);
    const stages = [['sign-up', actions.count]];

    // The demo buyer asks it for ★3 on the common catalog (its own page; not counted).
    const buyer = await newPage(lang);
    await signIn(buyer, msg, DEMO_BUYER.email, DEMO_BUYER.password);
    await buyer.goto(`${server.url}/suppliers`);
    const form = buyer.locator('form[action="/requests"]');
    await form.getByLabel(msg.field_corporate_number).fill(number);
    await form.getByLabel(msg.dashboard_framework).selectOption('hoshitori-common');
    await form.getByLabel(msg.request_required).selectOption('3');
    await form.getByRole('button', { name: msg.request_submit }).click();
    await buyer.waitForURL(/done=requested/);
    await buyer.close();

    // SECURITY ACTION, everything done.
    await page.goto(`${server.url}/`);
    await checkPage(page);
    await actions.click(page.locator('button[data-start="security-action"]'));
    await page.waitForURL(/\/answer/);
    await answerPages(page, msg, actions, 'implemented', { expectCarried: false });
    stages.push(['SECURITY ACTION', actions.count]);

    // The self-check: SECURITY ACTION's answers carried over, marked, with their provenance.
    await page.goto(`${server.url}/`);
    await page.locator('[data-plan="ipa-self-check-25"]').waitFor();
    await actions.click(page.locator('button[data-start="ipa-self-check-25"]'));
    await page.waitForURL(/\/answer/);
    const saName = lang === 'ja' ? 'SECURITY ACTION' : 'SECURITY ACTION';
    await page.locator('[data-carried]').first().getByText(saName).first().waitFor();
    const before = await page.locator('progress').evaluate((p) => p.value);
    assert.equal(before, 0, 'a carried-over answer does not count until confirmed');
    await answerPages(page, msg, actions, 'done', { expectCarried: true });
    stages.push(['self-check', actions.count]);

    // The common catalog: ★3 chosen (the default), with the question count and time shown
    // before it starts.
    await page.goto(`${server.url}/`);
    const star3 = page.locator('input[name=target][value="3"]');
    assert.ok(await star3.isChecked(), '★3 is the default target');
    const questions = Number(await star3.getAttribute('data-questions'));
    assert.ok(questions > 0 && questions < 191, `★3 asks ${questions} of 191`);
    await checkPage(page);
    await actions.click(page.locator('button[data-start="hoshitori-common"]'));
    await page.waitForURL(/\/answer/);
    assert.equal(await page.locator('progress').getAttribute('max'), String(questions));
    // Leaving with unsaved answers warns (the dialog is accepted by newPage's handler).
    const dialogs = [];
    page.on('dialog', (d) => dialogs.push(d.type()));
    await page.locator('fieldset.question input[type=radio]').first().check();
    await page.goto(`${server.url}/`);
    assert.deepEqual(dialogs, ['beforeunload'], 'leaving a page with an unsaved answer warns');
    // "Continue" resumes where the supplier stopped.
    await page.getByRole('link', { name: msg.dashboard_continue }).first().click();
    await page.waitForURL(/\/answer/);
    const carried = await answerPages(page, msg, actions, 'implemented', { expectCarried: true });
    t.diagnostic(`carried over into the catalog: ${carried}`);
    stages.push(['catalog ★3', actions.count]);

    // ★3-eligible; the confirmation step says who confirms ★3 and links the directory.
    assert.equal(await page.locator('[data-eligible]').getAttribute('data-eligible'), '3');
    await checkPage(page);
    await actions.click(page.getByRole('link', { name: msg.result_submit_review }));
    await page.waitForURL(/\/submit$/);
    await page.locator('[data-ready]').waitFor();
    await page.getByText(msg.submit_next_heading).waitFor();
    assert.ok(await page.locator('a[href="/assessors"]').count() > 0, 'the assessor directory is linked');
    await checkPage(page);
    // Without the declaration the browser refuses (required fields); with it, submitted.
    await actions.fill(page.getByLabel(msg.result_representative_name), lang === 'ja' ? '近道 一郎' : 'Ichiro Chikamichi');
    await actions.fill(page.getByLabel(msg.result_representative_title), lang === 'ja' ? '代表取締役' : 'President');
    await actions.click(page.getByRole('button', { name: msg.result_submit, exact: true }));
    await page.waitForURL(/done=submitted/);
    await checkPage(page);

    stages.push(['submission', actions.count]);
    t.diagnostic(`supplier clicks to a submitted ★3-eligible assessment (${lang}): ${actions.count} (` +
                 stages.map(([name, at], i) => `${name} ${at - (i ? stages[i - 1][1] : 0)}`).join(', ') + ')');
    assert.ok(actions.count < 200, `${actions.count} clicks`);

    // The request e-mail reached the supplier through SMTP: subject decoded, link to the app.
    const mail = await sink.waitFor((m) => m.rcpt_tos.includes(email));
    assert.match(mail.subject, /評価の依頼|requests an assessment/);
    assert.match(mail.body, /http:\/\/hoshitori\.test\/shares/);
    assert.match(String(mail.headers.Subject), /=\?UTF-8\?/i, 'the Japanese subject is RFC 2047-encoded');
  });
}
