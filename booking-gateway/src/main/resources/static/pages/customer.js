// The customer page: find a free time, hold it, watch the hold run down, confirm; or book two therapists at once (a
// booking session); or, when no time suits, join the waitlist and confirm the time it offers; see and cancel one's
// bookings. The treatments and free times are there without signing in; holding a time or joining the waitlist asks
// to sign in first, and is done once the customer is back. Only the public API, as any front end would use it.
import { start, el, account, showProblem, pause, Problem } from './app.js';

const $ = id => document.getElementById(id);
const session = await start();
let services = [];
let therapists = [];
// what a visitor chose before signing in (the search, and the time to hold or the waitlist to join), kept in the tab
// through the identity provider's pages and done once they are back
const CHOSEN = 'spa-booking.chosen';
const OPEN = ['WAITING', 'OFFERED'];
let entries = null; // the customer's waitlist entries as last shown (JSON), to draw them again only when they change
let watching = null; // the waitlist is asked again every few seconds while an entry waits or is offered: no reload
let waitlistRead = 0; // the latest reading of the customer's waitlist
const WAITLIST_WORDS = {
  WAITING: 'waiting', OFFERED: 'offered', BOOKED: 'booked', LEFT: 'left',
  OFFER_EXPIRED: 'offer ran out', OFFER_DECLINED: 'offer declined',
};
const offered = new Map(); // bookingId -> the booking held as an offer, once read
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

account(session, $('account'), () => signIn());
if (session.signInError) showProblem($('message'), new Problem({ title: 'Sign-in failed', detail: session.signInError }));
if (session.signedIn && !session.customerId) {
  sessionStorage.removeItem(CHOSEN);
  $('not-a-customer').hidden = false;
} else {
  const chosen = session.signedIn ? JSON.parse(sessionStorage.getItem(CHOSEN) || 'null') : null;
  sessionStorage.removeItem(CHOSEN);
  $('booking').hidden = false;
  if (!session.signedIn) {
    $('signed-out').hidden = false;
    $('sign-in-main').addEventListener('click', () => signIn());
  } else {
    $('mine').hidden = false;
  }
  await catalog(chosen && chosen.search);
  $('search').addEventListener('submit', event => { event.preventDefault(); freeTimes(); });
  $('couples').addEventListener('change', () => { $('therapist').disabled = $('couples').checked; });
  $('confirm').addEventListener('click', () => decide('confirm', $('confirm')));
  $('release').addEventListener('click', () => decide('cancel', $('release')));
  $('join').addEventListener('submit', event => { event.preventDefault(); join(); });
  if (session.signedIn) {
    await Promise.all([freeTimes(), myBookings(), myWaitlist()]);
    setInterval(offerCountdowns, 1000);
    if (chosen) await resume(chosen);
  } else {
    await freeTimes();
  }
}

async function catalog(chosen) {
  [services, therapists] = await Promise.all([session.get('/api/v1/services'), session.get('/api/v1/therapists')]);
  $('service').replaceChildren(...services.map(s => el('option', { value: s.serviceId },
    `${s.name} · ${s.durationMinutes} min · ${Number(s.price).toFixed(2)}`)));
  $('date').value = session.localDate(Date.now() + 24 * 3600 * 1000);
  if (chosen) {
    if (services.some(s => s.serviceId === chosen.serviceId)) $('service').value = chosen.serviceId;
    if (chosen.date) $('date').value = chosen.date;
    $('couples').checked = Boolean(chosen.couples);
    $('therapist').disabled = $('couples').checked;
  }
  qualified();
  if (chosen && chosen.therapistId) $('therapist').value = chosen.therapistId;
  $('service').addEventListener('change', qualified);
}

/** The search as it stands, to come back to after signing in. */
function searched() {
  return { serviceId: $('service').value, date: $('date').value, therapistId: $('therapist').value, couples: $('couples').checked };
}

/** Off to the identity provider; the search (and what was chosen, if anything) is there again on coming back. */
function signIn(action) {
  sessionStorage.setItem(CHOSEN, JSON.stringify({ search: searched(), action: action || null }));
  return session.signIn();
}

/** A visitor chose something only a customer can do: sign in first, and it is done on coming back. */
function askToSignIn(container, action, what) {
  container.replaceChildren(el('div', { class: 'notice', id: 'sign-in-needed' },
    el('p', {}, `Sign in to ${what}. You come back here, and it is done for you.`),
    el('button', { type: 'button', id: 'sign-in-to-continue', onclick: () => signIn(action) }, 'Sign in to continue')));
  $('sign-in-to-continue').focus();
}

/** Back from signing in: what the visitor chose before, done now. */
async function resume(chosen) {
  const action = chosen.action;
  if (!action) return;
  if (action.kind === 'hold') await hold(action.serviceId, action.therapistId, action.start);
  else if (action.kind === 'couple') await holdCouple(action.serviceId, action.items);
  else if (action.kind === 'join') {
    $('wait-earliest').value = action.earliest;
    $('wait-latest').value = action.latest;
    $('wait-therapist').value = action.therapistId || '';
    await join();
  }
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

/**
 * The free starts of the chosen day, per therapist; for a customer signed in, for them (the times they are busy are
 * left out); for a visitor, anyone's.
 */
async function freeTimes() {
  const mine = ++search;
  const couples = $('couples').checked;
  const query = new URLSearchParams({ serviceId: $('service').value, date: $('date').value });
  if (session.customerId) query.set('customerId', session.customerId);
  // a couple needs two therapists: the choice of one does not apply
  if ($('therapist').value && !couples) query.set('therapistId', $('therapist').value);
  $('times').replaceChildren(el('p', { class: 'muted' }, 'Looking for free times…'));
  try {
    const day = await session.get(`/api/v1/availability?${query}`);
    if (mine !== search) return;
    $('times').replaceChildren(...(couples ? couplesTimes(day) : singleTimes(day)));
    offerWaitlist(day, couples);
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
  if (!session.signedIn) {
    askToSignIn($('message'), { kind: 'hold', serviceId, therapistId, start },
      `hold ${therapistName(therapistId)} at ${start.slice(11, 16)}`);
    return;
  }
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
  if (!session.signedIn) {
    askToSignIn($('message'), { kind: 'couple', serviceId, items }, `hold this time for two at ${items[0].start.slice(11, 16)}`);
    return;
  }
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

/**
 * The waitlist, under the free times of one treatment for one person (a couple books two therapists at once, which the
 * waitlist does not): offered first when the day has no free time, and there for anyone whom no time suits.
 */
function offerWaitlist(day, couples) {
  $('waitlist').hidden = couples;
  if (couples) return;
  const full = !day.therapists.some(t => t.starts.length);
  const chosen = $('therapist').value;
  $('waitlist').dataset.full = String(full);
  $('waitlist-why').textContent = `${full ? 'No free time that day.' : 'None of these times suits you?'} Join the waitlist: `
    + 'when a time between your earliest and latest start frees up, it is held for the first customer waiting for it, '
    + 'who confirms it under "My bookings".';
  $('wait-therapist').replaceChildren(el('option', { value: '' }, 'Any therapist'),
    ...therapists.filter(t => t.serviceIds.includes(day.serviceId || $('service').value))
      .map(t => el('option', { value: t.therapistId, selected: t.therapistId === chosen }, t.name)));
  const step = String((session.settings.slotMinutes || 15) * 60);
  for (const [field, value] of [['wait-earliest', '09:00'], ['wait-latest', '17:00']]) {
    $(field).step = step;
    if (!$(field).value) $(field).value = value;
  }
}

/** Joins the waitlist for the chosen treatment and day, in the window asked for. */
async function join() {
  const [earliest, latest, therapistId] = [$('wait-earliest').value, $('wait-latest').value, $('wait-therapist').value];
  if (!session.signedIn) {
    askToSignIn($('waitlist-message'), { kind: 'join', earliest, latest, therapistId }, 'join the waitlist');
    return;
  }
  const request = { customerId: session.customerId, serviceId: $('service').value, day: $('date').value, earliest, latest };
  if (therapistId) request.therapistId = therapistId;
  $('join-waitlist').disabled = true;
  $('waitlist-message').replaceChildren(el('p', { class: 'muted' }, 'Joining the waitlist…'));
  try {
    const entry = await session.change('/api/v1/waitlist', request);
    $('waitlist-message').replaceChildren(el('p', { class: 'done', role: 'status', id: 'joined',
      dataset: { entry: entry && entry.entryId } },
    `You are on the waitlist: ${serviceName(request.serviceId)} ${therapistId ? `with ${therapistName(therapistId)}` : 'with any therapist'}, `
      + `${session.day(`${request.day}T12:00:00Z`)}, starting between ${earliest} and ${latest}. If such a time frees up, `
      + 'it is held for you: you will find it under "My bookings" to confirm.'));
    await myWaitlist();
  } catch (error) {
    showProblem($('waitlist-message'), error);
  } finally {
    $('join-waitlist').disabled = false;
  }
}

/** HH:MM of a local time the API gives ("2030-06-03T10:00:00", "10:00"), or of an instant in the spa's zone. */
function localTime(local, instant) {
  if (local) return local.length > 8 ? local.slice(11, 16) : local.slice(0, 5);
  return instant ? session.time(instant) : '';
}

/** The booking held for an offered entry: its time and therapist, to show with the offer. */
async function offeredBooking(entry) {
  if (!offered.has(entry.offeredBookingId)) {
    offered.set(entry.offeredBookingId, await session.get(`/api/v1/bookings/${entry.offeredBookingId}`));
  }
  return offered.get(entry.offeredBookingId);
}

/**
 * The customer's waitlist entries (those for a day still to come, and any still open), drawn again only when they
 * change; while one is waiting or offered, asked again every three seconds, so that an offer shows without reloading.
 */
async function myWaitlist() {
  const mine = ++waitlistRead;
  let list;
  try {
    list = await session.get(`/api/v1/customers/${session.customerId}/waitlist`);
  } catch (error) {
    if (mine !== waitlistRead) return;
    showProblem($('my-waitlist-message'), error);
    // a lost connection does not stop the watch over an open entry
    clearTimeout(watching);
    if (entries && JSON.parse(entries).some(e => OPEN.includes(e.status))) watching = setTimeout(myWaitlist, 3000);
    return;
  }
  // an older reading that arrives late is dropped; one timer at a time asks again
  if (mine !== waitlistRead) return;
  list = (Array.isArray(list) ? list : list.items || [])
    .filter(e => OPEN.includes(e.status) || e.day >= session.localDate(Date.now()));
  clearTimeout(watching);
  if (list.some(e => OPEN.includes(e.status))) watching = setTimeout(myWaitlist, 3000);
  const seen = JSON.stringify(list);
  if (seen === entries) return;
  const before = entries;
  entries = seen;
  const offeredBefore = new Set(JSON.parse(before || '[]').filter(e => e.status === 'OFFERED').map(e => e.entryId));
  const offers = await Promise.all(list.map(e => (e.status === 'OFFERED' && e.offeredBookingId
    ? offeredBooking(e).catch(() => null) : null)));
  // a problem shown before is past; a message of what was just done stays
  if ($('my-waitlist-message').querySelector('.problem')) $('my-waitlist-message').replaceChildren();
  $('my-waitlist').replaceChildren(...(list.length ? list.map((e, i) => waitlistEntry(e, offers[i]))
    : [el('li', { class: 'muted' }, 'You are not on the waitlist for any day.')]));
  offerCountdowns();
  if (before !== null && list.some(e => e.status === 'OFFERED' && !offeredBefore.has(e.entryId))) {
    // announced once (the list itself is not a live region: its countdowns change every second)
    $('my-waitlist-message').replaceChildren(el('p', { class: 'done', role: 'status', id: 'offer-news' },
      'A time you were waiting for freed up and is held for you: confirm it below.'));
  }
  // an offer is a hold, a taken one a booking: "My bookings" shows them too
  if (before !== null) myBookings();
}

function waitlistEntry(entry, booking) {
  const from = localTime(entry.earliest, entry.earliestStart);
  const until = localTime(entry.latest, entry.latestStart);
  const who = entry.therapistId ? therapistName(entry.therapistId) : 'any therapist';
  const parts = [
    el('span', {}, `${session.day(`${entry.day}T12:00:00Z`)}, a start between ${from} and ${until} · ${serviceName(entry.serviceId)} with ${who}`),
    ' ', el('span', { class: `status ${entry.status.toLowerCase()}` }, WAITLIST_WORDS[entry.status] || entry.status.toLowerCase()),
  ];
  if (entry.status === 'WAITING') {
    parts.push(el('button', { type: 'button', class: 'leave secondary', onclick: event => leave(entry, event.target) }, 'Leave'));
  }
  if (entry.status === 'OFFERED') {
    const when = booking ? `${session.time(booking.start)}–${session.time(booking.end)} with ${therapistName(booking.therapistId)}` : 'a time';
    parts.push(el('div', { class: 'offer' },
      el('p', {}, `A time freed up and is held for you: ${when}. Confirm it within `,
        el('strong', { class: 'offer-countdown countdown', dataset: { expires: entry.offerExpiresAt } }, ''),
        ', or it goes to the next customer waiting.'),
      el('button', { type: 'button', class: 'confirm-offer', onclick: event => confirmOffer(entry, event.target) }, 'Confirm'),
      ' ',
      el('button', { type: 'button', class: 'decline secondary', onclick: event => leave(entry, event.target) }, 'Decline')));
  }
  return el('li', { dataset: { entry: entry.entryId, status: entry.status, booking: entry.offeredBookingId } }, ...parts);
}

/** Every offer's time left, each second, to its offerExpiresAt. */
function offerCountdowns() {
  for (const shown of document.querySelectorAll('.offer-countdown')) {
    const left = Math.max(0, Math.round((Date.parse(shown.dataset.expires) - Date.now()) / 1000));
    shown.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  }
}

/** Takes the time offered: it is an ordinary hold, confirmed as any other; the entry is booked with it. */
async function confirmOffer(entry, button) {
  button.disabled = true;
  try {
    const booked = await session.change(`/api/v1/bookings/${entry.offeredBookingId}/confirm`);
    $('my-waitlist-message').replaceChildren(el('p', { class: 'done', role: 'status' },
      `Booked: ${serviceName(booked.serviceId)} with ${therapistName(booked.therapistId)}, ${session.day(booked.start)} at ${session.time(booked.start)}. See you then!`));
  } catch (error) {
    showProblem($('my-waitlist-message'), error);
  }
  await Promise.all([myWaitlist(), myBookings()]);
}

/** Leaves the waitlist; for an entry offered a time meanwhile, the API declines the offer (releases its hold). */
async function leave(entry, button) {
  button.disabled = true;
  try {
    const left = await session.change(`/api/v1/waitlist/${entry.entryId}/leave`);
    $('my-waitlist-message').replaceChildren(el('p', { class: 'done', role: 'status' },
      left && left.status === 'OFFER_DECLINED' ? 'Declined: the time goes to the next customer waiting.' : 'You left the waitlist.'));
  } catch (error) {
    showProblem($('my-waitlist-message'), error);
  }
  await Promise.all([myWaitlist(), myBookings()]);
}
