// The web console in a real browser (Debian chromium) against the local stack on free ports: an app admin
// enters the token, reads the pick list, makes a "Log in with Clever" link in this browser, follows it
// through the Clever emulator as the district admin, and sees the district linked.
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDistrictSpecs, generateDemoDataset } from '../../dev/clever-emulator/demo.ts';
import { DEFAULT_EMULATOR_CLIENT } from '../../dev/clever-emulator/server.ts';
import { csvLine } from '../../dev/synth/files.ts';
import { callAdminApi } from '../../infra/local/admin-api.ts';
import { runDemoUpload } from '../../infra/local/demo-run.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/stack.ts';
import type { AdminDistrictView } from '../../lib/onboarding/admin-districts.ts';
import { onboardingDistrict } from '../integration/onboarding/districts.ts';

const HOSTILE_NAME = 'Evil <img src=x onerror="document.body.dataset.pwned=1"> District';
const hostile = onboardingDistrict({
  number: 4000,
  name: HOSTILE_NAME,
  usState: 'AZ',
  emailDomain: 'evil.example.org',
});

let stack: LocalStack;
let seeded: NonNullable<LocalStack['onboarding']>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, seed: 1, seedOnboarding: true });
  if (!stack.onboarding) throw new Error('no onboarding seed');
  seeded = stack.onboarding;
  // A district whose Clever name carries markup, imported the way every district is.
  stack.emulator.admin.addDistrict(hostile.dataset, [DEFAULT_EMULATOR_CLIENT.clientId]);
  await callAdminApi(stack.state, 'POST', `/admin/tokens/import?district=${hostile.districtId}`);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context = await browser.newContext();
  page = await context.newPage();
  // CSP violations and script errors surface here. The browser also asks every origin for /favicon.ico,
  // which neither the API nor the emulator serves: that 404 is not the console's.
  page.on('console', (message) => {
    const { url } = message.location();
    if (message.type() === 'error' && new URL(url || 'about:blank').pathname !== '/favicon.ico')
      pageErrors.push(`${message.text()} ${url}`);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const unlinkedFromApi = async () =>
  (
    await callAdminApi<{ districts: AdminDistrictView[] }>(
      stack.state,
      'GET',
      '/admin/districts?status=unlinked',
    )
  ).districts;
const card = (districtId: string) => page.locator(`#district-list li.card[data-district-id="${districtId}"]`);

async function showDistricts(status: string) {
  await page.selectOption('#district-status', status);
  await page.click('#district-filter button[type=submit]');
  await expect
    .poll(() => page.locator(`#district-list li.card:not([data-status="${status}"])`).count())
    .toBe(0);
}

const attributeOfAll = async (items: Locator, name: string) =>
  Promise.all((await items.all()).map((item) => item.getAttribute(name)));

describe('the web console', () => {
  it('serves the page from / with no-store, a strict CSP, no-referrer and nosniff', async () => {
    const response = await page.goto(`${stack.apiUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/console');
    const headers = response?.headers() ?? {};
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps the admin token out of the page and lists the unlinked districts with their ranked candidates', async () => {
    await page.fill('#token-input', stack.adminToken);
    await page.click('#token-form button[type=submit]');
    const expected = await unlinkedFromApi();
    await expect.poll(() => page.locator('#district-list li.card').count()).toBe(expected.length);

    expect(await page.inputValue('#token-input')).toBe('');
    expect(await page.content()).not.toContain(stack.adminToken);
    expect(await page.evaluate('sessionStorage.length')).toBe(1);
    for (const district of expected) {
      const shown = card(district.districtId);
      await expect.poll(() => shown.getAttribute('data-status')).toBe('unlinked');
      const candidates = await attributeOfAll(shown.locator('.candidates > li'), 'data-org-id');
      expect(candidates).toEqual(district.candidates.map((candidate) => candidate.orgId));
    }
    const cedar = card(seeded.demo.linkDistrict.id);
    expect(await cedar.locator('.district-name').textContent()).toBe(seeded.demo.linkDistrict.name);
    expect(await cedar.locator('.candidates').textContent()).toContain(seeded.demo.linkOrgId);
  });

  it('renders a district name with markup from Clever as text', async () => {
    const evil = card(hostile.districtId);
    expect(await evil.locator('.district-name').textContent()).toBe(HOSTILE_NAME);
    expect(await page.locator('#district-list img').count()).toBe(0);
    expect(await page.locator('body').getAttribute('data-pwned')).toBeNull();
  });

  it('links a district through a "Log in with Clever" link made in this browser and shows it linked', async () => {
    const { linkDistrict, linkOrgId } = seeded.demo;
    const [admin] = linkDistrict.admins;
    await card(linkDistrict.id)
      .locator(`.candidates > li[data-org-id="${linkOrgId}"]`)
      .getByRole('button', { name: /Log in with Clever/ })
      .click();
    const link = page.locator('#clever-link');
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^${stack.emulator.url}/oauth/authorize\\?`));
    expect((await context.cookies()).map((cookie) => cookie.name)).toContain('rm_link_session');

    await link.click();
    await page.getByRole('link', { name: linkDistrict.name, exact: true }).click();
    await page.locator('li', { hasText: admin.id }).getByRole('link').click();
    await page.waitForURL(`${stack.apiUrl}/oauth/clever/link?outcome=linked`);
    expect(await page.locator('h1').textContent()).toBe('District linked');

    await page.goto(`${stack.apiUrl}/console`);
    await showDistricts('linked');
    const linked = card(linkDistrict.id);
    expect(await linked.locator('.linked-org').textContent()).toBe(`Linked to organisation ${linkOrgId}`);
  });

  it('links a district to its top candidate, shows the audit trail and unlinks it again', async () => {
    await showDistricts('unlinked');
    const [district] = (await unlinkedFromApi()).filter((candidate) => candidate.candidates.length);
    const [top] = district.candidates;
    await card(district.districtId)
      .locator(`.candidates > li[data-org-id="${top.orgId}"]`)
      .getByRole('button', { name: 'Link to this organisation' })
      .click();
    await expect.poll(() => card(district.districtId).count()).toBe(0);

    await showDistricts('linked');
    const linked = card(district.districtId);
    await linked.getByRole('button', { name: 'Audit trail' }).click();
    await expect.poll(() => linked.locator('.audit tbody tr').count()).toBe(1);
    expect(await linked.locator('.audit tbody td').nth(2).textContent()).toBe('link');
    await linked.getByRole('button', { name: 'Unlink' }).click();
    await expect.poll(() => card(district.districtId).count()).toBe(0);
    expect((await unlinkedFromApi()).map((candidate) => candidate.districtId)).toContain(district.districtId);
  });

  it('shows an upload job by id with its status, counts and result link', async () => {
    const students = generateDemoDataset(demoDistrictSpecs(1)[0]).app.student;
    const csv = [students.headers, ...students.rows.slice(0, 40)].map(csvLine).join('');
    const { job } = await runDemoUpload(stack.state, {
      csv,
      idColumn: students.headers[0],
      notify: 'console@example.org',
    });
    expect(job.status).toBe('completed');

    await page.fill('#upload-job', job.jobId);
    await page.click('#upload-form button[type=submit]');
    const table = page.locator('#upload-result table');
    await table.waitFor();
    const cell = (label: string) =>
      table
        .locator('tr', { has: page.getByRole('rowheader', { name: label, exact: true }) })
        .locator('td')
        .textContent();
    expect(await cell('status')).toBe('completed');
    expect(Object.keys(job.counts ?? {})).not.toHaveLength(0);
    for (const [outcome, count] of Object.entries(job.counts ?? {}))
      expect(await cell(outcome)).toBe(String(count));
    const href = await table.getByRole('link', { name: 'result.csv' }).getAttribute('href');
    const download = await fetch(href ?? '');
    expect(download.status).toBe(200);
    expect((await download.text()).split('\r\n')[0]).toContain('matchmaker_results');
  });

  // Before the refused-token case below, whose 401 the browser reports as a failed resource.
  it('raised no script errors or CSP violations on the way', () => {
    expect(pageErrors).toEqual([]);
  });

  it('forgets a refused admin token and asks for it again', async () => {
    await page.fill('#token-input', 'not-the-admin-token');
    await page.click('#token-form button[type=submit]');
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/token was refused/);
    expect(await page.locator('#signed-in').isHidden()).toBe(true);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });
});
