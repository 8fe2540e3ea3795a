// The front desk's day view: therapists as columns, the day as rows, every held and confirmed booking in place, kept
// up to date by the live feed of booking events (Server-Sent Events); a form to book a walk-in customer; and the day's
// waitlist in line, read again whenever an entry changes, with a form to add a customer on the phone.
import { EventSource } from 'eventsource';
import { start, el, account, showProblem } from './app.js';

const $ = id => document.getElementById(id);
const session = await start();
// what the day shows: the bookings that hold their time, and those the desk marked once they had started
const SHOWN = ['HELD', 'CONFIRMED', 'COMPLETED', 'NO_SHOW'];
const MARKS = { CONFIRMED: 'confirmed', COMPLETED: 'Completed', NO_SHOW: 'No-show' };
const WORDS = {
  BookingHeld: 'held', BookingConfirmed: 'confirmed', BookingCancelled: 'cancelled', HoldReleased: 'released',
  HoldExpired: 'hold expired', BookingRescheduled: 'moved', BookingRejected: 'rejected', SessionConfirmed: 'session confirmed',
  BookingCompleted: 'completed', NoShowRecorded: 'no-show', FeeCharged: 'fee charged',
  WaitlistJoined: 'joined the waitlist', WaitlistLeft: 'left the waitlist', WaitlistOffered: 'offered from the waitlist',
  WaitlistOfferTaken: 'waitlist offer taken', WaitlistOfferExpired: 'waitlist offer ran out',
  WaitlistOfferDeclined: 'waitlist offer declined',
};
const WAITLIST_WORDS = {
  WAITING: 'waiting', OFFERED: 'offered', BOOKED: 'booked', LEFT: 'left', OFFER_EXPIRED: 'offer ran out',
  OFFER_DECLINED: 'offer declined',
};
let therapists = [];
let services = [];
const bookings = new Map(); // bookingId -> booking, of the day shown
const customers = new Map(); // customerId -> name, once known
const shownAt = new Map(); // bookingId -> when this page first showed it (the browser tests time the live feed by it)
let stream = null;
let loading = null; // while the day is read: the events that came meanwhile, applied again once it is in
let dayRead = 0; // the latest reading of the day; an older one arriving late is dropped
let startsRead = 0; // the same for the walk-in's free starts
let nextStart = null; // the timer that draws the day again when its next confirmed booking starts
let walkIn = null; // the walk-in's customer once registered, so that sending the form again registers nobody twice
let waitlist = []; // the day's waitlist entries, in line
let waitlistRead = 0; // the latest reading of the waitlist; an older one arriving late is dropped

account(session, $('account'));
if (!session.signedIn) {
  $('signed-out').hidden = false;
  $('sign-in-main').addEventListener('click', () => session.signIn());
} else if (!session.roles.includes('front-desk')) {
  $('not-front-desk').hidden = false;
} else {
  $('desk').hidden = false;
  [therapists, services] = await Promise.all([session.get('/api/v1/therapists'), session.get('/api/v1/services')]);
  $('day').value = session.localDate(Date.now());
  $('day').addEventListener('change', () => { loadDay(); walkInTimes(); loadWaitlist(); });
  walkInForm();
  waitlistForm();
  connect();
}

/** Opens the live feed; each (re)connection reads the day again, so nothing missed while away stays missing. */
function connect() {
  stream = new EventSource('/api/v1/booking-events', {
    // the token goes in a header, as everywhere in the API: never in the URL
    fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${session.token()}` } }),
  });
  stream.addEventListener('open', () => { live('live', 'Live'); loadDay(); loadWaitlist(); });
  stream.addEventListener('message', message => apply(JSON.parse(message.data)));
  stream.addEventListener('error', () => {
    if (stream.readyState === EventSource.CLOSED && session.user.expired) {
      // the sign-in ran out (the stream ends with the token): start over signed out, the page offers to sign in
      live('down', 'Signed out');
      session.users.removeUser().then(() => location.reload());
    } else if (stream.readyState === EventSource.CLOSED) {
      // refused (a gateway that is full or stopping): the library gives up, so try again a little later
      live('down', 'Disconnected, retrying…');
      setTimeout(connect, 3000);
    } else {
      live('down', 'Reconnecting…');
    }
  });
}

function live(state, text) {
  $('live').dataset.state = state;
  $('live').textContent = text;
}

/**
 * The day's bookings, from the API: a window a day wider on each side, kept to those starting on the local day. Events
 * that arrive while it is read are applied again on top, so that the list read a moment ago does not undo them.
 */
async function loadDay() {
  const mine = ++dayRead;
  loading = [];
  const day = $('day').value;
  const from = new Date(`${day}T00:00:00Z`);
  const to = new Date(from.getTime() + 2 * 86400000);
  from.setTime(from.getTime() - 86400000);
  const window = `from=${from.toISOString()}&to=${to.toISOString()}&limit=200`;
  try {
    const lists = [];
    // a few therapists at a time, within the API's rate limit however large the spa
    for (let i = 0; i < therapists.length; i += 4) {
      lists.push(...await Promise.all(therapists.slice(i, i + 4)
        .map(t => session.all(`/api/v1/bookings?therapistId=${t.therapistId}&${window}`))));
    }
    if (mine !== dayRead) return;
    bookings.clear();
    lists.flat().forEach(booking => bookings.set(booking.bookingId, booking));
    const meanwhile = loading;
    loading = null;
    meanwhile.forEach(update);
    render();
    drawWaitlist(); // an offer's time is its booking's
    $('desk-message').replaceChildren();
  } catch (error) {
    if (mine !== dayRead) return;
    loading = null;
    showProblem($('desk-message'), error);
  }
}

function changedBy(event) {
  return event.booking ? [event.booking] : event.items || [];
}

function update(event) {
  for (const booking of changedBy(event)) bookings.set(booking.bookingId, { ...bookings.get(booking.bookingId), ...booking });
}

/** A booking event from the feed: the booking's new state in the grid, and a line in the activity list. */
function apply(event) {
  if (loading) loading.push(event);
  update(event);
  const changed = changedBy(event);
  if (changed.length) render();
  if (event.type.startsWith('Waitlist')) {
    // only the day shown is read again
    if (!event.entry || event.entry.day === $('day').value) loadWaitlist();
    if (!changed.length && event.entry) waitlistActivity(event);
  }
  const first = changed[0];
  // a rejection of a booking that never was has no time to show
  if (first && first.start && event.type !== 'SessionConfirmed') {
    const line = el('li', { dataset: { type: event.type, booking: first.bookingId } },
      el('time', {}, session.time(event.occurredAt)), ' ',
      el('strong', {}, WORDS[event.type] || event.type), ': ',
      `${serviceName(first.serviceId)} with ${therapistName(first.therapistId)}, ${session.day(first.start)} ${session.time(first.start)}`);
    $('activity').prepend(line);
    while ($('activity').children.length > 50) $('activity').lastElementChild.remove();
  }
}

function serviceName(id) {
  return (services.find(s => s.serviceId === id) || {}).name || 'Treatment';
}

function therapistName(id) {
  return (therapists.find(t => t.therapistId === id) || {}).name || 'a therapist';
}

const asked = new Set(); // customer IDs whose names are on their way
let naming = Promise.resolve();

/** The customer's name if known; else '…', while it is asked for (one at a time, within the rate limit). */
function customerName(id) {
  if (!id) return '';
  if (customers.has(id)) return customers.get(id);
  if (!asked.has(id)) {
    asked.add(id);
    naming = naming.then(() => session.get(`/api/v1/customers/${id}`))
      .then(customer => { customers.set(id, customer.name); renderSoon(); })
      .catch(() => {}) // not shown this time; asked again at the next drawing
      .finally(() => asked.delete(id));
  }
  return '…';
}

let drawing = false;

/** Draws once for names that arrive together. */
function renderSoon() {
  if (drawing) return;
  drawing = true;
  requestAnimationFrame(() => {
    drawing = false;
    render();
    drawWaitlist();
  });
}

/** The grid: one column per therapist, one row per slot, 08:00 to 20:00 or wider if a booking lies outside. */
function render() {
  const day = $('day').value;
  const slot = session.settings.slotMinutes;
  const shown = [...bookings.values()].filter(b => SHOWN.includes(b.status) && session.localDate(b.start) === day);
  let first = 8 * 60;
  let last = 20 * 60;
  for (const b of shown) {
    first = Math.min(first, Math.floor(session.minuteOfDay(b.start) / 60) * 60);
    last = Math.max(last, Math.ceil(endMinute(b) / 60) * 60);
  }
  const rows = (last - first) / slot;
  const grid = $('calendar');
  grid.style.setProperty('--therapists', therapists.length);
  grid.style.setProperty('--rows', rows);
  const cells = [el('div', { class: 'corner' })];
  therapists.forEach((t, i) => cells.push(el('div', { class: 'therapist', style: { gridColumn: String(i + 2) } }, t.name)));
  for (let minute = first; minute < last; minute += 60) {
    const row = (minute - first) / slot + 2;
    cells.push(el('div', { class: 'hour', style: { gridRow: `${row} / span ${60 / slot}` } },
      `${String(minute / 60).padStart(2, '0')}:00`));
  }
  for (const b of shown) {
    const column = therapists.findIndex(t => t.therapistId === b.therapistId) + 2;
    if (column < 2) continue;
    if (!shownAt.has(b.bookingId)) shownAt.set(b.bookingId, Date.now());
    const row = Math.floor((session.minuteOfDay(b.start) - first) / slot) + 2;
    const span = Math.max(1, Math.ceil((endMinute(b) - session.minuteOfDay(b.start)) / slot));
    cells.push(el('div', {
      class: `booking ${b.status.toLowerCase()}`, dataset: { booking: b.bookingId, status: b.status, shownAt: shownAt.get(b.bookingId) },
      style: { gridColumn: String(column), gridRow: `${row} / span ${span}` }, tabindex: 0,
      'aria-label': `${therapistName(b.therapistId)} ${session.time(b.start)} to ${session.time(b.end)}, ${state(b)}`,
    },
    el('span', { class: 'when' }, `${session.time(b.start)}–${session.time(b.end)}`),
    el('span', { class: 'what' }, serviceName(b.serviceId)),
    el('span', { class: 'who' }, customerName(b.customerId)),
    el('span', { class: 'state' }, state(b)),
    ...outcomeButtons(b)));
  }
  grid.replaceChildren(...cells);
  $('count').textContent = `${shown.length} booking${shown.length === 1 ? '' : 's'}`;
  drawAgainAtNextStart(shown);
}

/** A confirmed booking gets its buttons the moment it starts, not only when something else changes. */
function drawAgainAtNextStart(shown) {
  clearTimeout(nextStart);
  // within a day: a timer cannot wait weeks (it would fire at once), and a later day is read again by then anyway
  const starts = shown.filter(b => b.status === 'CONFIRMED').map(b => Date.parse(b.start))
    .filter(t => t > Date.now() && t - Date.now() < 86400000);
  if (starts.length) nextStart = setTimeout(renderSoon, Math.min(...starts) - Date.now() + 100);
}

function state(booking) {
  return booking.status === 'HELD' ? `held until ${session.time(booking.holdExpiresAt)}` : MARKS[booking.status] || booking.status;
}

/**
 * From its start on, a confirmed booking is marked as taken place or as a no-show (the worker refuses it earlier); an
 * item of a booking session too, on its own.
 */
function outcomeButtons(booking) {
  if (booking.status !== 'CONFIRMED' || Date.now() < Date.parse(booking.start)) return [];
  const mark = async (path, button) => {
    button.disabled = true;
    try {
      const marked = await session.change(`/api/v1/bookings/${booking.bookingId}/${path}`);
      bookings.set(marked.bookingId, { ...booking, ...marked });
      renderSoon();
    } catch (error) {
      button.disabled = false;
      showProblem($('walk-in-message'), error);
    }
  };
  return [
    el('button', { type: 'button', class: 'secondary', dataset: { mark: 'complete' }, onclick: event => mark('complete', event.target) }, 'Completed'),
    el('button', { type: 'button', class: 'secondary', dataset: { mark: 'no-show' }, onclick: event => mark('no-show', event.target) }, 'No-show'),
  ];
}

/** A treatment past midnight ends, on this grid, at midnight. */
function endMinute(booking) {
  return session.localDate(booking.end) === session.localDate(booking.start) ? session.minuteOfDay(booking.end) : 24 * 60;
}

/** A walk-in: a new customer, held and confirmed on the spot (they are at the desk). */
function walkInForm() {
  $('walk-in-service').replaceChildren(...services.map(s => el('option', { value: s.serviceId }, `${s.name} · ${s.durationMinutes} min`)));
  $('walk-in-service').addEventListener('change', walkInTimes);
  $('walk-in-therapist').addEventListener('change', walkInTimes);
  $('walk-in').addEventListener('submit', event => { event.preventDefault(); bookWalkIn(); });
  walkInTimes();
}

async function walkInTimes() {
  const mine = ++startsRead;
  const serviceId = $('walk-in-service').value;
  const chosen = $('walk-in-therapist').value;
  const qualified = therapists.filter(t => t.serviceIds.includes(serviceId));
  $('walk-in-therapist').replaceChildren(...qualified.map(t => el('option', { value: t.therapistId, selected: t.therapistId === chosen }, t.name)));
  if (!qualified.length) {
    $('walk-in-start').replaceChildren();
    return;
  }
  const query = new URLSearchParams({ serviceId, date: $('day').value, therapistId: $('walk-in-therapist').value });
  try {
    const day = await session.get(`/api/v1/availability?${query}`);
    if (mine !== startsRead) return;
    const starts = day.therapists.flatMap(t => t.starts);
    $('walk-in-start').replaceChildren(...(starts.length ? starts.map(s => el('option', { value: s }, s.slice(11, 16)))
      : [el('option', { value: '' }, 'no free time')]));
  } catch (error) {
    showProblem($('walk-in-message'), error);
  }
}

async function bookWalkIn() {
  const name = $('walk-in-name').value;
  const email = $('walk-in-email').value;
  const button = $('walk-in').querySelector('button[type=submit]');
  button.disabled = true;
  $('walk-in-message').replaceChildren(el('p', { class: 'muted' }, 'Booking…'));
  try {
    // the same person sent again (another start after a conflict, a retry) is the customer registered before
    if (!walkIn || walkIn.name !== name || walkIn.email !== email) {
      const customer = await session.change('/api/v1/customers', { name, email });
      walkIn = { name, email, customerId: customer.customerId };
      customers.set(customer.customerId, customer.name);
    }
    const held = await session.change('/api/v1/bookings', { customerId: walkIn.customerId, therapistId: $('walk-in-therapist').value,
      serviceId: $('walk-in-service').value, start: $('walk-in-start').value });
    const booked = await session.change(`/api/v1/bookings/${held.bookingId}/confirm`);
    $('walk-in-message').replaceChildren(el('p', { class: 'done', role: 'status' },
      `Booked: ${name}, ${serviceName(booked.serviceId)} with ${therapistName(booked.therapistId)} at ${session.time(booked.start)}.`));
    $('walk-in').reset();
    walkIn = null;
    walkInTimes();
  } catch (error) {
    showProblem($('walk-in-message'), error);
  } finally {
    button.disabled = false;
  }
}

/** A line in the activity list for a waitlist entry's change that holds no booking (joined, left, taken, ran out). */
function waitlistActivity(event) {
  const entry = event.entry;
  const window = [entry.localEarliestStart, entry.localLatestStart].map(t => (t ? t.slice(11, 16) : '')).join('–');
  $('activity').prepend(el('li', { dataset: { type: event.type, entry: entry.entryId } },
    el('time', {}, session.time(event.occurredAt)), ' ',
    el('strong', {}, WORDS[event.type] || event.type), ': ',
    `${serviceName(entry.serviceId)} with ${entry.therapistId ? therapistName(entry.therapistId) : 'any therapist'}, `
      + `${session.day(`${entry.day}T12:00:00Z`)} ${window}`));
  while ($('activity').children.length > 50) $('activity').lastElementChild.remove();
}

/** The day's waitlist, every status, in line; read again on each waitlist event of the live feed. */
async function loadWaitlist() {
  const mine = ++waitlistRead;
  try {
    const entries = await session.get(`/api/v1/waitlist?day=${$('day').value}`);
    if (mine !== waitlistRead) return;
    waitlist = entries;
    drawWaitlist();
  } catch (error) {
    if (mine !== waitlistRead) return;
    showProblem($('wait-add-message'), error);
  }
}

/** The waitlist in line: who waits for what, and each offer as it is made, taken or runs out. */
function drawWaitlist() {
  const open = waitlist.filter(e => e.status === 'WAITING' || e.status === 'OFFERED').length;
  $('waitlist-count').textContent = waitlist.length ? `${open} waiting or offered, ${waitlist.length} in all` : 'Nobody on the waitlist for this day.';
  $('waitlist').replaceChildren(...waitlist.map(entry => {
    const offer = entry.offeredBookingId && bookings.get(entry.offeredBookingId);
    const offered = entry.status === 'OFFERED'
      ? `: ${offer ? `${therapistName(offer.therapistId)} at ${session.time(offer.start)}` : 'a time'}, until ${session.time(entry.offerExpiresAt)}`
      : entry.status === 'BOOKED' && offer ? `: ${therapistName(offer.therapistId)} at ${session.time(offer.start)}` : '';
    return el('li', { dataset: { entry: entry.entryId, status: entry.status, customer: entry.customerId } },
      el('strong', {}, `${String(entry.earliest).slice(0, 5)}–${String(entry.latest).slice(0, 5)}`), ' ',
      `${serviceName(entry.serviceId)} with ${entry.therapistId ? therapistName(entry.therapistId) : 'any therapist'} · `,
      el('span', { class: 'who' }, customerName(entry.customerId)), ' ',
      el('span', { class: `status ${entry.status.toLowerCase()}` }, `${WAITLIST_WORDS[entry.status] || entry.status}${offered}`));
  }));
}

/** A customer on the phone, put on the day's waitlist by their customer ID. */
function waitlistForm() {
  $('wait-service').replaceChildren(...services.map(s => el('option', { value: s.serviceId }, `${s.name} · ${s.durationMinutes} min`)));
  const qualified = () => {
    const chosen = $('wait-therapist').value;
    $('wait-therapist').replaceChildren(el('option', { value: '' }, 'Any therapist'),
      ...therapists.filter(t => t.serviceIds.includes($('wait-service').value))
        .map(t => el('option', { value: t.therapistId, selected: t.therapistId === chosen }, t.name)));
  };
  qualified();
  $('wait-service').addEventListener('change', qualified);
  for (const field of ['wait-earliest', 'wait-latest']) $(field).step = String((session.settings.slotMinutes || 15) * 60);
  $('wait-add').addEventListener('submit', event => { event.preventDefault(); addToWaitlist(); });
}

async function addToWaitlist() {
  const button = $('wait-add').querySelector('button[type=submit]');
  const request = { customerId: $('wait-customer').value.trim(), serviceId: $('wait-service').value, day: $('day').value,
    earliest: $('wait-earliest').value, latest: $('wait-latest').value };
  if ($('wait-therapist').value) request.therapistId = $('wait-therapist').value;
  button.disabled = true;
  $('wait-add-message').replaceChildren(el('p', { class: 'muted' }, 'Adding…'));
  try {
    const entry = await session.change('/api/v1/waitlist', request);
    const customer = await session.get(`/api/v1/customers/${entry.customerId}`).catch(() => null);
    if (customer) customers.set(customer.customerId, customer.name);
    $('wait-add-message').replaceChildren(el('p', { class: 'done', role: 'status', dataset: { entry: entry.entryId } },
      `On the waitlist: ${customer ? customer.name : 'the customer'}, ${serviceName(entry.serviceId)}, `
        + `${session.day(`${entry.day}T12:00:00Z`)}, a start between ${String(entry.earliest).slice(0, 5)} and ${String(entry.latest).slice(0, 5)}.`));
    $('wait-customer').value = '';
    loadWaitlist();
  } catch (error) {
    showProblem($('wait-add-message'), error);
  } finally {
    button.disabled = false;
  }
}
