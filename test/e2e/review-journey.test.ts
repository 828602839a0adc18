import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedLiveDemoTicket } from '../../src/modules/demo/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import {
  adminApi,
  type CategoryDto,
  ensureWebBuilt,
  expectToast,
  focusedTestId,
  hasBrowser,
  launchChromium,
  logIn,
  type ReviewItemDto,
  screenshot,
  selectedTicketId,
  type TicketDto,
  uniquePrefix,
} from './browser-kit.js';

// The reviewer's journey through the real UI in a real browser: log in, accept one
// suggestion with Enter, correct the next with the type-ahead picker, and check through
// the API and the ticket page that both became labels. Then a queue worked with the
// keyboard alone: claim, accept, correct, none fits, bulk, switch queue and filter, a
// blind second review by a colleague, and the agreement table.

(hasBrowser ? describe : describe.skip)('review journey in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const { get: api, send } = adminApi(() => app);

  const queueTotalOf = async (p: Page) => Number((await p.getByTestId('queue-total').textContent())?.trim());
  const queueTotal = () => queueTotalOf(page);

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp({ seedReview: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('shows a clear error for a wrong password', async () => {
    await page.goto(`${app.url}/`);
    await page.getByTestId('login-email').fill(app.adminEmail);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');
  });

  it('accepts with Enter, corrects with the picker, and both become labels', async () => {
    const queue = await api<{ total: number; items: ReviewItemDto[] }>('/api/v1/review?limit=50');
    const categories = (await api<{ items: CategoryDto[] }>('/api/v1/categories')).items;
    expect(queue.items.length).toBeGreaterThanOrEqual(2);
    // The first item with a suggestion is accepted; the one after it is corrected.
    const acceptIndex = queue.items.findIndex((i) => i.suggestedCategoryId);
    expect(acceptIndex, 'the seeded queue has an item with a suggestion').toBeGreaterThanOrEqual(0);
    expect(queue.items.length).toBeGreaterThan(acceptIndex + 1);
    const toAccept = queue.items[acceptIndex]!;
    const toCorrect = queue.items[acceptIndex + 1]!;
    const target = categories.find(
      (c) => c.id !== toCorrect.suggestedCategoryId && c.id !== toAccept.suggestedCategoryId,
    )!;
    expect(target).toBeDefined();

    // Log in: the review queue is the home page.
    await page.getByTestId('login-email').fill(app.adminEmail);
    await page.getByTestId('login-password').fill(app.adminPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/review');
    await expect.poll(() => page.getByTestId('review-item').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(queueTotal).toBe(queue.total);
    const total = await queueTotal();
    expect(await page.getByTestId('review-item').first().getAttribute('data-ticket-id')).toBe(
      queue.items[0]!.ticketId,
    );

    // Move to the item to accept with j, then accept its suggestion with Enter.
    for (let i = 0; i < acceptIndex; i++) await page.keyboard.press('j');
    await expect.poll(() => page.getByTestId('review-detail').textContent()).toContain(toAccept.subject);
    await expect
      .poll(() => page.getByTestId('suggested-category').textContent())
      .toContain(toAccept.suggestedCategoryName!);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('Accepted');
    expect(await page.getByTestId('toast').textContent()).toContain(toAccept.suggestedCategoryName!);
    await expect.poll(queueTotal).toBe(total - 1);

    // The queue advanced to the next item; the picture for the README shows it.
    await expect.poll(() => page.getByTestId('review-detail').textContent()).toContain(toCorrect.subject);
    await screenshot(page, 'review-queue');

    // Correct it: `/` opens the type-ahead picker, part of a name filters, Enter chooses.
    await page.keyboard.press('/');
    await expect.poll(() => focusedTestId(page)).toBe('category-picker');
    await page.keyboard.type(uniquePrefix(target, categories), { delay: 20 });
    await expect.poll(() => page.getByTestId('category-option').first().textContent()).toContain(target.name);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('Corrected');
    expect(await page.getByTestId('toast').textContent()).toContain(target.name);
    // Learned at once: the champion applied both labels online, no retrain.
    expect(await page.getByTestId('toast').textContent()).toMatch(/Learned — v\d+\+\d+ online/);
    await expect.poll(queueTotal).toBe(total - 2);

    // Both are labels now, set by a person.
    const accepted = await api<TicketDto>(`/api/v1/tickets/${toAccept.ticketId}`);
    expect(accepted.category?.id).toBe(toAccept.suggestedCategoryId);
    expect(accepted.categorySetBy).toBe('human');
    const corrected = await api<TicketDto>(`/api/v1/tickets/${toCorrect.ticketId}`);
    expect(corrected.category?.id).toBe(target.id);
    expect(corrected.categorySetBy).toBe('human');

    // The ticket page tells the story, correction included.
    await page.goto(`${app.url}/tickets/${toCorrect.ticketId}`);
    const history = page.getByTestId('ticket-history');
    await expect.poll(() => history.textContent()).toContain(`corrected to ${target.name}`);
    // Its label, with provenance: from the AI's proposal to the person's choice, why, and learned online.
    const label = page.getByTestId('ticket-label');
    await expect.poll(() => label.count()).toBe(1);
    const labelText = await label.textContent();
    expect(labelText).toContain(`${toCorrect.suggestedCategoryName} → ${target.name}`);
    expect(labelText).toContain('Corrected prediction by Admin');
    expect(labelText).toMatch(/learned online on top of v\d+/);
    await screenshot(page, 'ticket-labels');

    expect(pageErrors).toEqual([]);
  });

  it('says so when someone else resolved the item first, and trains a model on request', async () => {
    await page.goto(`${app.url}/review`);
    await expect.poll(() => page.getByTestId('review-item').count()).toBeGreaterThanOrEqual(1);
    const total = await queueTotal();

    // Escape leaves the picker without changing anything.
    await page.keyboard.press('c');
    await expect.poll(() => focusedTestId(page)).toBe('category-picker');
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedTestId(page)).not.toBe('category-picker');
    expect(await queueTotal()).toBe(total);

    // Another reviewer resolves the selected item through the API; then this one tries.
    const ticketId = await selectedTicketId(page);
    const queue = await api<{ items: ReviewItemDto[] }>('/api/v1/review?limit=50');
    const item = queue.items.find((i) => i.ticketId === ticketId)!;
    const categories = (await api<{ items: CategoryDto[] }>('/api/v1/categories')).items;
    await send('POST', `/api/v1/review/${item.id}/correct`, {
      category: item.suggestedCategoryId ?? categories[0]!.id,
    });
    if (item.suggestedCategoryId) {
      await page.keyboard.press('Enter');
    } else {
      await page.keyboard.press('/');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('already resolved');
    await expect.poll(queueTotal).toBe(total - 1);

    // Training from the queue reports the new model.
    await page.getByRole('button', { name: 'Train model' }).click();
    await expect
      .poll(() => page.getByTestId('train-result').textContent(), { timeout: 60_000 })
      .toMatch(/Model v\d+ · [\d,]+ examples/);
    expect(pageErrors).toEqual([]);
  });

  it('works a queue with the keyboard alone: claim, accept, correct, none fits, bulk, queues, filters', async () => {
    // More work, a colleague in the default queue, a second queue for refunds, and every
    // resolution sampled for a blind second review.
    for (let i = 0; i < 6; i++) await feedLiveDemoTicket(app.services, app.workspaceId);
    const users = (await api<{ items: { id: string; email: string }[] }>('/api/v1/users')).items;
    const admin = users.find((u) => u.email === app.adminEmail)!;
    const rita = await send<{ id: string }>('POST', '/api/v1/users', {
      email: 'rita@example.com',
      name: 'Rita Reviewer',
      password: 'a long enough password',
      role: 'reviewer',
    });
    const queues = (await api<{ items: { id: string; isDefault: boolean }[] }>('/api/v1/review/queues'))
      .items;
    const defaultQueue = queues.find((q) => q.isDefault)!;
    await send('PUT', `/api/v1/review/queues/${defaultQueue.id}/members`, { userIds: [admin.id, rita.id] });
    const money = await send<{ id: string }>('POST', '/api/v1/review/queues', {
      name: 'Money',
      ownerUserId: admin.id,
      slaMinutes: 60,
    });
    await send('POST', `/api/v1/review/queues/${money.id}/categories`, { category: 'refunds' });
    await send('PATCH', '/api/v1/review/settings', { secondReviewShare: 1 });
    const categories = (await api<{ items: CategoryDto[] }>('/api/v1/categories')).items;
    const openItem = async (ticketId: string | null) =>
      (await api<{ items: ReviewItemDto[] }>(`/api/v1/review?queue=${defaultQueue.id}&limit=200`)).items.find(
        (i) => i.ticketId === ticketId,
      )!;
    const ticket = (ticketId: string | null) =>
      api<TicketDto & { reviewItem: { resolution: string } }>(`/api/v1/tickets/${ticketId}`);
    const otherCategory = (item: ReviewItemDto, not: string[] = []) =>
      categories.find(
        (c) => c.id !== item.suggestedCategoryId && c.key !== 'refunds' && !not.includes(c.id),
      )!;

    await page.goto(`${app.url}/review`);
    await expect.poll(() => page.getByTestId('queue-select').inputValue()).toBe(defaultQueue.id);
    await expect.poll(() => page.getByTestId('review-item').count()).toBeGreaterThanOrEqual(5);
    expect(await page.getByTestId('keys-help').textContent()).toContain('claim/release');
    const total = await queueTotal();

    // m claims the selected item, Enter accepts it.
    const claimed = await selectedTicketId(page);
    expect((await openItem(claimed)).suggestedCategoryId).not.toBeNull();
    await page.keyboard.press('m');
    await expectToast(page, 'Claimed');
    await expect.poll(() => page.getByTestId('claim-state').textContent()).toContain('Claimed by you');
    expect((await openItem(claimed)).claimedBy).toBe(admin.id);
    await page.keyboard.press('Enter');
    await expectToast(page, 'Accepted');
    await expectToast(page, 'second review');
    expect((await ticket(claimed)).categorySetBy).toBe('human');

    // / and a few letters correct the next one.
    const toCorrect = await selectedTicketId(page);
    const target = otherCategory(await openItem(toCorrect));
    await page.keyboard.press('/');
    await page.keyboard.type(uniquePrefix(target, categories), { delay: 20 });
    await expect.poll(() => page.getByTestId('category-option').first().textContent()).toContain(target.name);
    await page.keyboard.press('Enter');
    await expectToast(page, `Corrected to ${target.name}`);
    expect((await ticket(toCorrect)).category?.id).toBe(target.id);

    // n: no category fits; the reviewer names the one that is missing.
    const noneFits = await selectedTicketId(page);
    await page.keyboard.press('n');
    await expect.poll(() => focusedTestId(page)).toBe('none-fits-input');
    await page.keyboard.type('Partnership requests');
    await page.keyboard.press('Enter');
    await expectToast(page, 'None fits: proposed new category "Partnership requests"');
    expect((await ticket(noneFits)).reviewItem.resolution).toBe('none_fits');
    await expect.poll(queueTotal).toBe(total - 3);

    // x marks, j moves, x marks again; / chooses one category for both.
    const firstMarked = await selectedTicketId(page);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    const secondMarked = await selectedTicketId(page);
    await page.keyboard.press('x');
    await expect.poll(() => page.getByTestId('keys-help').textContent()).toContain('2 selected');
    const bulkTarget = otherCategory(await openItem(firstMarked), [target.id]);
    await page.keyboard.press('/');
    await page.keyboard.type(uniquePrefix(bulkTarget, categories), { delay: 20 });
    await expect
      .poll(() => page.getByTestId('category-option').first().textContent())
      .toContain(bulkTarget.name);
    await page.keyboard.press('Enter');
    await expectToast(page, `Resolved 2 items to ${bulkTarget.name}`);
    for (const id of [firstMarked, secondMarked]) expect((await ticket(id)).category?.id).toBe(bulkTarget.id);
    await expect.poll(queueTotal).toBe(total - 5);

    // ] goes to the next queue, [ comes back, f filters (all → mine).
    await page.keyboard.press(']');
    await expect.poll(() => page.getByTestId('queue-select').inputValue()).toBe(money.id);
    const moneyTotal = (await api<{ total: number }>(`/api/v1/review?queue=${money.id}`)).total;
    await expect.poll(queueTotal).toBe(moneyTotal);
    await page.keyboard.press('[');
    await expect.poll(() => page.getByTestId('queue-select').inputValue()).toBe(defaultQueue.id);
    await page.keyboard.press('f');
    await expect.poll(() => page.getByTestId('filter-mine').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(queueTotal).toBe(0);
    for (let i = 0; i < 3; i++) await page.keyboard.press('f');
    await expect.poll(() => page.getByTestId('filter-all').getAttribute('aria-pressed')).toBe('true');
    expect(pageErrors).toEqual([]);
  });

  it('lets a colleague do the blind second reviews, and shows the agreement per category', async () => {
    const ritaContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const ritaPage = await ritaContext.newPage();
    ritaPage.setDefaultTimeout(15_000);
    ritaPage.on('pageerror', (err) => pageErrors.push(err.message));
    try {
      await logIn(ritaPage, app.url, 'rita@example.com', 'a long enough password');
      // [ from the first queue wraps round to the second reviews.
      await expect.poll(() => ritaPage.getByTestId('review-item').count()).toBeGreaterThanOrEqual(1);
      await ritaPage.keyboard.press('[');
      await expect.poll(() => ritaPage.getByTestId('queue-select').inputValue()).toBe('second-reviews');
      await expect.poll(() => ritaPage.getByTestId('second-review-note').count()).toBe(1);
      const waiting = (await api<{ total: number }>('/api/v1/review/second-reviews')).total;
      // The five resolutions above, and any earlier one the default 5% happened to sample.
      expect(waiting).toBeGreaterThanOrEqual(5);
      await expect.poll(() => queueTotalOf(ritaPage)).toBe(waiting);
      await ritaPage.keyboard.press('Enter');
      await expectToast(ritaPage, 'Second review recorded');
      await expect.poll(() => queueTotalOf(ritaPage)).toBe(waiting - 1);
    } finally {
      await ritaContext.close();
    }

    await page.goto(`${app.url}/review/agreement`);
    await expect.poll(() => page.getByTestId('agreement-overall').textContent()).toMatch(/^1 pairs/);
    await expect
      .poll(() => page.getByTestId('agreement-table').locator('tbody tr').count())
      .toBeGreaterThanOrEqual(1);
    expect(pageErrors).toEqual([]);
  });
});
