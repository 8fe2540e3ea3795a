// The customer page: find a free time, hold it, watch the hold run down, confirm; or book two therapists at once (a
// booking session); see and cancel one's bookings. Only the public API, as any front end would use it.
import { start, el, account, showProblem, pause, Problem } from './app.js';

const $ = id => document.getElementById(id);
const session = await start();
let services = [];
let therapists = [];
let current = null; // what is held now: {kind: 'booking'|'session', id, holdExpiresAt, what, when}
let countdown = null;
let search = 0; // the latest search: an older one's answer, arriving late, is not shown
/** A booking's status as the customer says it, not as the API spells it. */
const STATUS_WORDS = {
  HELD: 'Held', CONFIRMED: 'Confirmed', CANCELLED: 'Cancelled', RELEASED: 'Released', EXPIRED: 'Expired',
  COMPLETED: 'Completed', NO_SHOW: 'Missed (no-show)',
};
const MARKED = ['COMPLETED', 'NO_SHOW']; // marked by the front desk once the booking started
const RECENT = 30 * 86400000; // how long a marked booking stays listed after its end

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
  $('couples').addEventListener('change', () => { $('therapist').disabled = $('couples').checked; });
  $('confirm').addEventListener('click', () => decide('confirm', $('confirm')));
  $('release').addEventListener('click', () => decide('cancel', $('release')));
  await Promise.all([freeTimes(), myBookings()]);
}

async function catalog() {
  [services, therapists] = await Promise.all([session.get('/api/v1/services'), session.get('/api/v1/therapists')]);
  $('service').replaceChildren(...services.map(s => el('option', { value: s.serviceId },
    `${s.name} · ${s.durationMinutes} min · ${Number(s.price).toFixed(2)}`)));
  qualified();
  $('service').addEventListener('change', qualified);
  $('date').value = session.localDate(Date.now() + 24 * 3600 * 1000);
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
  const mine = ++search;
  const couples = $('couples').checked;
  const query = new URLSearchParams({ serviceId: $('service').value, date: $('date').value, customerId: session.customerId });
  // a couple needs two therapists: the choice of one does not apply
  if ($('therapist').value && !couples) query.set('therapistId', $('therapist').value);
  $('times').replaceChildren(el('p', { class: 'muted' }, 'Looking for free times…'));
  try {
    const day = await session.get(`/api/v1/availability?${query}`);
    if (mine !== search) return;
    $('times').replaceChildren(...(couples ? couplesTimes(day) : singleTimes(day)));
  } catch (error) {
    if (mine !== search) return;
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
      onclick: () => hold(day.serviceId, t.therapistId, start),
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
    onclick: () => holdCouple(day.serviceId, [{ therapistId: ts[0].therapistId, start }, { therapistId: ts[1].therapistId, start }]),
  }, `${start.slice(11, 16)} · ${ts[0].name} & ${ts[1].name}`)))];
}

function busy(on) {
  document.querySelectorAll('#times button, #message button').forEach(button => { button.disabled = on; });
}

/** The terms the booking was held on (frozen then, as its price), in one line to read before confirming. */
function policyLine(booking) {
  const terms = booking.policy;
  if (!terms) {
    return '';
  }
  const currency = booking.price ? booking.price.currency : '';
  const charge = c => c.amount != null ? `${Number(c.amount).toFixed(2)} ${currency}`
    : c.percent != null ? `${c.percent}% of the price` : 'nothing';
  const until = hours => hours > 0 ? `${hours} h before the start` : 'the start';
  const late = charge(terms.lateCancellationFee);
  return `Free cancellation until ${until(terms.freeCancellationHours)}${late === 'nothing' ? '' : `, then ${late}`}; `
    + `changes until ${until(terms.rescheduleHours)}; if you do not come: ${charge(terms.noShowFee)}; `
    + `deposit on confirming: ${charge(terms.deposit)}.`;
}

async function hold(serviceId, therapistId, start) {
  $('message').replaceChildren(el('p', { class: 'muted' }, 'Holding…'));
  busy(true);
  try {
    const booking = await session.change('/api/v1/bookings', { customerId: session.customerId, therapistId, serviceId, start });
    $('message').replaceChildren();
    held({ kind: 'booking', id: booking.bookingId, holdExpiresAt: booking.holdExpiresAt,
      what: `${serviceName(booking.serviceId)} with ${therapistName(booking.therapistId)}`,
      when: `${session.day(booking.start)}, ${session.time(booking.start)}–${session.time(booking.end)}`,
      terms: policyLine(booking) });
  } catch (error) {
    rejected(error, serviceId);
  } finally {
    busy(false);
  }
}

/** Holds the items together as one booking session: all of them, or none. */
async function holdCouple(serviceId, items) {
  $('message').replaceChildren(el('p', { class: 'muted' }, 'Holding both…'));
  busy(true);
  try {
    const booked = await session.change('/api/v1/booking-sessions',
      { customerId: session.customerId, items: items.map(item => ({ ...item, serviceId })) });
    $('message').replaceChildren();
    const first = booked.items[0];
    held({ kind: 'session', id: booked.sessionId, holdExpiresAt: booked.holdExpiresAt,
      what: `${serviceName(serviceId)} for two, with ${booked.items.map(item => therapistName(item.therapistId)).join(' and ')}`,
      when: `${session.day(first.start)}, ${session.time(first.start)}–${session.time(first.end)}` });
  } catch (error) {
    rejectedCouple(error, serviceId, items);
  } finally {
    busy(false);
  }
}

/** A rejection, with the times the API offers instead: one click holds one. */
function rejected(error, serviceId) {
  const alternatives = error instanceof Problem ? error.alternatives : [];
  showProblem($('message'), error, offers(alternatives.map(a => ({
    label: `${a.therapistName} at ${a.start.slice(11, 16)}`, dataset: { therapist: a.therapistId, start: a.start },
    hold: () => hold(serviceId, a.therapistId, a.start),
  }))));
  freeTimes();
}

/**
 * A couple's rejection: for an item in the way, another therapist free at the same start keeps the two together; each
 * such alternative, with the other item as it was, is offered as a new couple.
 */
function rejectedCouple(error, serviceId, items) {
  const offered = [];
  (error instanceof Problem ? error.items : []).forEach((item, index) => {
    for (const a of item.alternatives || []) {
      if (Date.parse(a.start) !== Date.parse(items[index].start)) continue;
      const other = items[1 - index];
      if (!other || a.therapistId === other.therapistId) continue;
      const instead = items.map((it, i) => (i === index ? { therapistId: a.therapistId, start: items[index].start } : it));
      offered.push({ label: `${a.therapistName} instead of ${therapistName(items[index].therapistId)}`,
        dataset: { therapist: a.therapistId, start: items[index].start }, hold: () => holdCouple(serviceId, instead) });
    }
  });
  showProblem($('message'), error, offers(offered));
  freeTimes();
}

function offers(alternatives) {
  if (!alternatives.length) return null;
  return el('div', { class: 'alternatives' }, el('p', {}, 'Free instead:'),
    ...alternatives.map(a => el('button', { type: 'button', class: 'alternative', dataset: a.dataset, onclick: a.hold }, a.label)));
}

function held(what) {
  current = what;
  $('hold-what').textContent = what.what;
  $('hold-when').textContent = what.when;
  $('hold-policy').textContent = what.terms || '';
  $('hold-status').textContent = 'Held for you';
  $('hold').dataset.status = 'HELD';
  $('hold').dataset.id = what.id;
  // when this page learnt of the hold, on the machine's clock (the browser tests time the front desk against it)
  $('hold').dataset.heldAt = String(Date.now());
  $('confirm').hidden = false;
  $('release').hidden = false;
  $('hold').hidden = false;
  clearInterval(countdown);
  countdown = setInterval(tick, 1000);
  tick();
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
  while (current === hold) {
    try {
      const now = await session.get(hold.kind === 'session' ? `/api/v1/booking-sessions/${hold.id}` : `/api/v1/bookings/${hold.id}`);
      if (now.status !== 'HELD') {
        if (current === hold) finished(now.status);
        return;
      }
    } catch {
      // asked again below: a lost connection does not leave the page waiting for good
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
  }[status] || STATUS_WORDS[status] || status;
  myBookings();
  freeTimes();
}

/** Confirms or releases what is held (a booking, or a session's items together); the button waits meanwhile. */
async function decide(action, button) {
  const hold = current;
  button.disabled = true;
  try {
    const path = hold.kind === 'session' ? `/api/v1/booking-sessions/${hold.id}/${action}` : `/api/v1/bookings/${hold.id}/${action}`;
    const done = await session.change(path);
    if (current === hold) finished(done.status);
  } catch (error) {
    showProblem($('message'), error);
  } finally {
    button.disabled = false;
  }
}

/**
 * The customer's bookings still to come, with a way to cancel each (a session's items go together), and those of the
 * last 30 days the front desk marked as taken place or missed: a no-show fee is explained there.
 */
async function myBookings() {
  let bookings;
  try {
    bookings = (await session.all(`/api/v1/customers/${session.customerId}/bookings?limit=50`))
      .filter(b => Date.parse(b.end) > Date.now() || MARKED.includes(b.status) && Date.parse(b.end) > Date.now() - RECENT);
  } catch (error) {
    showProblem($('my-bookings-message'), error);
    return;
  }
  $('my-bookings-message').replaceChildren();
  if (!bookings.length) {
    $('my-bookings').replaceChildren(el('li', { class: 'muted' }, 'Nothing booked yet.'));
    return;
  }
  $('my-bookings').replaceChildren(...bookings.map(b => {
    // once it has started it is history: the worker refuses to cancel it (BOOKING_STARTED)
    const cancellable = (b.status === 'HELD' || b.status === 'CONFIRMED') && Date.parse(b.start) > Date.now();
    return el('li', { dataset: { booking: b.bookingId, status: b.status, session: b.sessionId } },
      el('span', {}, `${session.day(b.start)} ${session.time(b.start)}–${session.time(b.end)} · ${serviceName(b.serviceId)} with ${therapistName(b.therapistId)}`),
      ' ', el('span', { class: `status ${b.status.toLowerCase()}` }, STATUS_WORDS[b.status] || b.status),
      cancellable ? el('button', { type: 'button', class: 'cancel secondary', onclick: event => cancel(b, event.target) },
        b.sessionId ? 'Cancel both' : 'Cancel') : null);
  }));
}

async function cancel(booking, button) {
  button.disabled = true;
  try {
    const path = booking.sessionId ? `/api/v1/booking-sessions/${booking.sessionId}/cancel` : `/api/v1/bookings/${booking.bookingId}/cancel`;
    const done = await session.change(path);
    if (current && (current.id === booking.bookingId || current.id === booking.sessionId)) finished(done.status);
    else {
      myBookings();
      freeTimes();
    }
  } catch (error) {
    showProblem($('my-bookings-message'), error);
    button.disabled = false;
  }
}
