// The customer page: find a free time, hold it, watch the hold run down, confirm; or book two therapists at once (a
// booking session); see and cancel one's bookings. Only the public API, as any front end would use it.
import { start, el, account, showProblem, newKey, pause, Problem } from './app.js';

const $ = id => document.getElementById(id);
const session = await start();
let services = [];
let therapists = [];
/** The same time asked for twice (a double click, a retry) is the same request: one key per therapist and start. */
const keys = new Map();
let current = null; // what is held now: {kind: 'booking'|'session', id, holdExpiresAt, confirmKey, cancelKey}
let countdown = null;

account(session, $('account'));
if (session.signInError) showProblem($('message'), new Problem({ title: 'Sign-in failed', detail: session.signInError }));
if (!session.signedIn) {
  $('signed-out').hidden = false;
  $('sign-in-main').addEventListener('click', () => session.signIn());
} else if (!session.customerId) {
  $('not-a-customer').hidden = false;
} else {
  $('booking').hidden = false;
  $('mine').hidden = false;
  await catalog();
  $('search').addEventListener('submit', event => { event.preventDefault(); freeTimes(); });
  $('confirm').addEventListener('click', confirm);
  $('release').addEventListener('click', release);
  await Promise.all([freeTimes(), myBookings()]);
}

async function catalog() {
  [services, therapists] = await Promise.all([session.get('/api/v1/services'), session.get('/api/v1/therapists')]);
  $('service').replaceChildren(...services.map(s => el('option', { value: s.serviceId },
    `${s.name} · ${s.durationMinutes} min · ${money(s.price)}`)));
  qualified();
  $('service').addEventListener('change', qualified);
  $('date').value = session.localDate(Date.now() + 24 * 3600 * 1000);
}

function money(price) {
  return Number(price).toFixed(2);
}

/** Only the therapists who perform the chosen treatment. */
function qualified() {
  const serviceId = $('service').value;
  const chosen = $('therapist').value;
  $('therapist').replaceChildren(el('option', { value: '' }, 'Any therapist'),
    ...therapists.filter(t => t.serviceIds.includes(serviceId))
      .map(t => el('option', { value: t.therapistId, selected: t.therapistId === chosen }, t.name)));
}

function serviceName(id) {
  return (services.find(s => s.serviceId === id) || {}).name || 'Treatment';
}

function therapistName(id) {
  return (therapists.find(t => t.therapistId === id) || {}).name || 'a therapist';
}

/** The free starts of the chosen day, per therapist, for this customer (the times they are busy are left out). */
async function freeTimes() {
  const query = new URLSearchParams({ serviceId: $('service').value, date: $('date').value, customerId: session.customerId });
  if ($('therapist').value) query.set('therapistId', $('therapist').value);
  $('times').replaceChildren(el('p', { class: 'muted' }, 'Looking for free times…'));
  try {
    const day = await session.get(`/api/v1/availability?${query}`);
    $('times').replaceChildren(...($('couples').checked ? couplesTimes(day) : singleTimes(day)));
  } catch (error) {
    $('times').replaceChildren();
    showProblem($('message'), error);
  }
}

function singleTimes(day) {
  const withTimes = day.therapists.filter(t => t.starts.length);
  if (!withTimes.length) return [el('p', { class: 'muted' }, 'No free times that day. Try another day.')];
  return withTimes.map(t => el('section', { class: 'therapist-times' },
    el('h3', {}, t.name),
    el('div', { class: 'slots' }, ...t.starts.map(start => el('button', {
      type: 'button', class: 'slot', dataset: { therapist: t.therapistId, start },
      'aria-label': `${t.name} at ${start.slice(11, 16)}`,
      onclick: () => hold(t.therapistId, start),
    }, start.slice(11, 16))))));
}

/** Starts at which two therapists are free: a couples treatment is two items of one booking session. */
function couplesTimes(day) {
  const free = new Map();
  for (const t of day.therapists) for (const start of t.starts) free.set(start, [...(free.get(start) || []), t]);
  const pairs = [...free.entries()].filter(([, ts]) => ts.length >= 2).sort(([a], [b]) => a.localeCompare(b));
  if (!pairs.length) return [el('p', { class: 'muted' }, 'No time that day with two therapists free. Try another day.')];
  return [el('div', { class: 'slots' }, ...pairs.map(([start, ts]) => el('button', {
    type: 'button', class: 'slot couple', dataset: { start, therapists: `${ts[0].therapistId},${ts[1].therapistId}` },
    onclick: () => holdCouple(start, ts[0], ts[1]),
  }, `${start.slice(11, 16)} · ${ts[0].name} & ${ts[1].name}`)))];
}

function busy(on) {
  document.querySelectorAll('#times button, #message button').forEach(button => { button.disabled = on; });
}

async function hold(therapistId, start) {
  const key = keys.get(`${therapistId} ${start}`) || newKey();
  keys.set(`${therapistId} ${start}`, key);
  $('message').replaceChildren(el('p', { class: 'muted' }, 'Holding…'));
  busy(true);
  try {
    const booking = await session.change('/api/v1/bookings',
      { customerId: session.customerId, therapistId, serviceId: $('service').value, start }, key);
    $('message').replaceChildren();
    held({ kind: 'booking', id: booking.bookingId, holdExpiresAt: booking.holdExpiresAt,
      what: `${serviceName(booking.serviceId)} with ${therapistName(booking.therapistId)}`,
      when: `${session.day(booking.start)}, ${session.time(booking.start)}–${session.time(booking.end)}` });
  } catch (error) {
    rejected(error);
  } finally {
    busy(false);
  }
}

async function holdCouple(start, first, second) {
  const key = keys.get(`couple ${start}`) || newKey();
  keys.set(`couple ${start}`, key);
  const serviceId = $('service').value;
  $('message').replaceChildren(el('p', { class: 'muted' }, 'Holding both…'));
  busy(true);
  try {
    const booked = await session.change('/api/v1/booking-sessions', { customerId: session.customerId, items: [
      { therapistId: first.therapistId, serviceId, start }, { therapistId: second.therapistId, serviceId, start }] }, key);
    $('message').replaceChildren();
    const item = booked.items[0];
    held({ kind: 'session', id: booked.sessionId, holdExpiresAt: booked.holdExpiresAt,
      what: `${serviceName(serviceId)} for two, with ${first.name} and ${second.name}`,
      when: `${session.day(item.start)}, ${session.time(item.start)}–${session.time(item.end)}` });
  } catch (error) {
    rejected(error);
  } finally {
    busy(false);
  }
}

/** A rejection, with the times the API offers instead: one click holds one. */
function rejected(error) {
  const alternatives = error instanceof Problem ? error.alternatives : [];
  showProblem($('message'), error, alternatives.length ? el('div', { class: 'alternatives' },
    el('p', {}, 'Free instead:'),
    ...alternatives.map(a => el('button', {
      type: 'button', class: 'alternative', dataset: { therapist: a.therapistId, start: a.start },
      onclick: () => hold(a.therapistId, a.start),
    }, `${a.therapistName} at ${a.start.slice(11, 16)}`))) : null);
  freeTimes();
}

function held(what) {
  current = { ...what, confirmKey: newKey(), cancelKey: newKey() };
  $('hold-what').textContent = what.what;
  $('hold-when').textContent = what.when;
  $('hold-status').textContent = 'Held for you';
  $('hold').dataset.status = 'HELD';
  $('hold').dataset.id = what.id;
  $('confirm').hidden = false;
  $('release').hidden = false;
  $('hold').hidden = false;
  tick();
  clearInterval(countdown);
  countdown = setInterval(tick, 1000);
  $('confirm').focus();
  myBookings();
  // the held time is the customer's now: no longer offered
  freeTimes();
}

function tick() {
  const left = Math.max(0, Math.round((Date.parse(current.holdExpiresAt) - Date.now()) / 1000));
  $('countdown').textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  if (left === 0) {
    clearInterval(countdown);
    awaitExpiry(current);
  }
}

/** The hold ran out here; the spa's word on it comes when the worker has released the time. */
async function awaitExpiry(hold) {
  $('hold-status').textContent = 'Your hold ran out; releasing the time…';
  $('confirm').hidden = true;
  for (;;) {
    if (current !== hold) return;
    const now = await session.get(hold.kind === 'session' ? `/api/v1/booking-sessions/${hold.id}` : `/api/v1/bookings/${hold.id}`);
    if (now.status !== 'HELD') {
      finished(now.status);
      return;
    }
    await pause(1000);
  }
}

function finished(status) {
  clearInterval(countdown);
  $('hold').dataset.status = status;
  $('confirm').hidden = true;
  $('release').hidden = true;
  $('countdown').textContent = '';
  $('hold-status').textContent = {
    CONFIRMED: 'Confirmed. See you then!',
    EXPIRED: 'Expired: the hold ran out and the time is free again.',
    RELEASED: 'Released: the time is free again.',
    CANCELLED: 'Cancelled.',
  }[status] || status;
  myBookings();
  freeTimes();
}

async function confirm() {
  const hold = current;
  $('confirm').disabled = true;
  try {
    const path = hold.kind === 'session' ? `/api/v1/booking-sessions/${hold.id}/confirm` : `/api/v1/bookings/${hold.id}/confirm`;
    const done = await session.change(path, undefined, hold.confirmKey);
    finished(done.status);
  } catch (error) {
    showProblem($('message'), error);
  } finally {
    $('confirm').disabled = false;
  }
}

async function release() {
  const hold = current;
  try {
    const path = hold.kind === 'session' ? `/api/v1/booking-sessions/${hold.id}/cancel` : `/api/v1/bookings/${hold.id}/cancel`;
    const done = await session.change(path, undefined, hold.cancelKey);
    finished(done.status);
  } catch (error) {
    showProblem($('message'), error);
  }
}

/** The customer's bookings still to come, with a way to cancel each (a session's items go together). */
async function myBookings() {
  const bookings = (await session.all(`/api/v1/customers/${session.customerId}/bookings?limit=50`))
    .filter(b => Date.parse(b.end) > Date.now());
  if (!bookings.length) {
    $('my-bookings').replaceChildren(el('li', { class: 'muted' }, 'Nothing booked yet.'));
    return;
  }
  $('my-bookings').replaceChildren(...bookings.map(b => {
    const active = b.status === 'HELD' || b.status === 'CONFIRMED';
    const cancelKey = newKey();
    return el('li', { dataset: { booking: b.bookingId, status: b.status, session: b.sessionId } },
      el('span', {}, `${session.day(b.start)} ${session.time(b.start)}–${session.time(b.end)} · ${serviceName(b.serviceId)} with ${therapistName(b.therapistId)}`),
      ' ', el('span', { class: `status ${b.status.toLowerCase()}` }, b.status.toLowerCase()),
      active ? el('button', { type: 'button', class: 'cancel secondary', onclick: async event => {
        event.target.disabled = true;
        try {
          const path = b.sessionId ? `/api/v1/booking-sessions/${b.sessionId}/cancel` : `/api/v1/bookings/${b.bookingId}/cancel`;
          await session.change(path, undefined, cancelKey);
          if (current && (current.id === b.bookingId || current.id === b.sessionId)) finished(b.status === 'HELD' ? 'RELEASED' : 'CANCELLED');
          await myBookings();
          freeTimes();
        } catch (error) {
          showProblem($('message'), error);
          event.target.disabled = false;
        }
      } }, b.sessionId ? 'Cancel both' : 'Cancel') : null);
  }));
}
