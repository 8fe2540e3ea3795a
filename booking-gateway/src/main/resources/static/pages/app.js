// What both pages share: signing in (oidc-client-ts does the OAuth2 work), calling the public API the way every
// front end should (Idempotency-Key, Prefer: wait, 202 + polling, problem+json), and showing times in the spa's zone.

const oidc = window.oidc; // vendor/oidc-client-ts.min.js, loaded before this module

/** An answer of the API that is not what was asked for: an RFC 9457 problem. */
export class Problem extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || 'Something went wrong');
    this.problem = problem;
  }
  get alternatives() { return this.problem.alternatives || []; }
  /** A booking session's rejection: each item's outcome, with alternatives for those in the way. */
  get items() { return this.problem.items || []; }
  get reason() { return this.problem.reason; }
  get title() { return this.problem.title || 'Not possible'; }
}

/** Starts a page: the settings, the end of a sign-in that just came back, and who is signed in (or null). */
export async function start() {
  // OAuth 2.1 (and so the local issuer) refuses "localhost" in a redirect URI; the loopback address works on any port
  if (location.hostname === 'localhost') {
    location.replace(location.href.replace('//localhost', '//127.0.0.1'));
    return new Promise(() => {});
  }
  const settings = await (await fetch('/pages/settings.json')).json();
  // the registered redirect URIs are the pages' own addresses, not their file names
  const here = location.origin + location.pathname.replace(/index\.html$/, '').replace(/\.html$/, '');
  const users = new oidc.UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    scope: settings.scope,
    redirect_uri: here,
    post_logout_redirect_uri: here,
    response_type: 'code',
    // the tab's own: closing it signs out, and another tab may sign in as someone else
    userStore: new oidc.WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });
  const query = new URLSearchParams(location.search);
  let signInError = null;
  if (query.has('code') || query.has('error')) {
    try {
      await users.signinRedirectCallback();
    } catch (error) {
      signInError = error.message;
    }
    history.replaceState(null, '', location.pathname);
  }
  const user = await users.getUser();
  return new Session(settings, users, user && !user.expired ? user : null, signInError);
}

export class Session {
  constructor(settings, users, user, signInError) {
    this.settings = settings;
    this.users = users;
    this.user = user;
    this.signInError = signInError;
    this.zone = settings.zone;
    this.intents = new Map(); // what was asked and not finally answered yet -> its Idempotency-Key
  }

  get signedIn() { return this.user !== null && !this.user.expired; }
  get roles() { return (this.user && this.user.profile.roles) || []; }
  get name() { return this.user ? this.user.profile.name || this.user.profile.sub : ''; }
  /** A customer's ID is their token's subject. */
  get customerId() { return this.roles.includes('customer') ? this.user.profile.sub : null; }

  signIn() { return this.users.signinRedirect(); }

  async signOut() {
    try {
      await this.users.signoutRedirect();
    } catch {
      // an identity provider without a logout endpoint: forget the token here at least
      await this.users.removeUser();
      location.reload();
    }
  }

  token() { return this.user ? this.user.access_token : null; }

  /** A GET of the API; the parsed JSON, or a Problem. */
  get(path) { return this.send('GET', path); }

  /**
   * A request that changes something, as one intent: the same path and body asked again before the answer is final
   * (a second click, a retry after a lost connection or a 503) carries the same Idempotency-Key, so it is the same
   * request and never a second booking. Once the answer is final, asking again is a new intent with a new key (holding
   * a time again after releasing it). Waits up to 10 seconds for the outcome, then polls the request.
   */
  async change(path, body) {
    const intent = `${path} ${JSON.stringify(body === undefined ? null : body)}`;
    const key = this.intents.get(intent) || crypto.randomUUID();
    this.intents.set(intent, key);
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.send('POST', path, body, { 'Idempotency-Key': key, Prefer: 'wait=10' });
        this.intents.delete(intent);
        return answer;
      } catch (error) {
        const final = error instanceof Problem && ![502, 503, 504].includes(error.problem.status);
        // a request still being decided keeps its key: asking again is asking after the same request
        if (final && !error.pending) this.intents.delete(intent);
        if (final || attempt === 3) throw error;
        await pause(1000 * attempt);
      }
    }
  }

  async send(method, path, body, headers = {}) {
    const request = { method, headers: { Accept: 'application/json, application/problem+json', ...headers } };
    if (this.token()) request.headers.Authorization = `Bearer ${this.token()}`;
    if (body !== undefined) {
      request.headers['Content-Type'] = 'application/json';
      request.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, request);
    } catch {
      throw new Problem({ status: 502, title: 'No connection', detail: 'The booking service could not be reached. Try again.' });
    }
    if (response.status === 401 && this.user) {
      // the sign-in ran out: start over signed out, the page offers to sign in again
      await this.users.removeUser();
      location.reload();
      return new Promise(() => {});
    }
    if (response.status === 202) {
      const accepted = await response.json();
      return this.outcome(response.headers.get('Location'), accepted);
    }
    return answer(response);
  }

  /** Polls an accepted request until the worker has decided; the resource it made or changed, or its Problem. */
  async outcome(location, accepted) {
    const deadline = Date.now() + 60000;
    for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
      if (Date.now() > deadline) {
        const stillPending = new Problem({ title: 'Still being decided',
          detail: 'The booking service has not decided yet. Look at "My bookings" in a minute, or try again: it will not book twice.' });
        stillPending.pending = true;
        throw stillPending;
      }
      await pause(delay);
      const request = await this.get(location);
      if (request.status === 'SUCCEEDED') {
        // a waitlist entry joined or left (or its offer declined): the entry as it is now
        if (accepted.entryId) return this.get(`/api/v1/waitlist/${accepted.entryId}`);
        return accepted.sessionId ? this.get(`/api/v1/booking-sessions/${accepted.sessionId}`)
          : this.get(`/api/v1/bookings/${request.bookingId}`);
      }
      if (request.status !== 'PENDING') throw new Problem(request.problem || { title: 'Request failed' });
    }
  }

  /** All pages of a paged list. */
  async all(path) {
    const items = [];
    let next = null;
    do {
      const page = await this.get(next ? `${path}&cursor=${encodeURIComponent(next)}` : path);
      items.push(...page.items);
      next = page.next;
    } while (next);
    return items;
  }

  /** HH:MM of an instant in the spa's zone. */
  time(instant) {
    return new Intl.DateTimeFormat('en-GB', { timeZone: this.zone, hour: '2-digit', minute: '2-digit' })
      .format(new Date(instant));
  }

  /** A readable day of an instant in the spa's zone. */
  day(instant) {
    return new Intl.DateTimeFormat('en-GB', { timeZone: this.zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })
      .format(new Date(instant));
  }

  /** YYYY-MM-DD of an instant in the spa's zone. */
  localDate(instant) {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date(instant));
  }

  /** Minutes since local midnight of an instant in the spa's zone. */
  minuteOfDay(instant) {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: this.zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(instant));
    const part = type => Number(parts.find(p => p.type === type).value);
    return part('hour') * 60 + part('minute');
  }
}

async function answer(response) {
  const type = response.headers.get('Content-Type') || '';
  const body = response.status === 204 ? null : type.includes('json') ? await response.json() : await response.text();
  if (response.ok) return body;
  if (type.includes('application/problem+json')) throw new Problem(body);
  throw new Problem({ status: response.status, title: `Unexpected answer ${response.status}` });
}

export function pause(millis) {
  return new Promise(resolve => setTimeout(resolve, millis));
}

/** A new element: el('li', {class: 'x', dataset: {id}, style: {gridRow: '2'}}, 'text', child). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') {
      for (const [key, data] of Object.entries(value)) if (data !== undefined && data !== null) element.dataset[key] = data;
    }
    // through the CSSOM: the pages' Content-Security-Policy forbids style attributes
    else if (name === 'style') Object.assign(element.style, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.filter(child => child !== null && child !== undefined));
  return element;
}

/** The header's account corner: who is signed in and a way out, or a way in. */
export function account(session, container, onSignIn) {
  container.replaceChildren(session.signedIn
    ? el('span', {}, el('span', { id: 'who' }, session.name), ' ',
      el('button', { type: 'button', class: 'link', id: 'sign-out', onclick: () => session.signOut() }, 'Sign out'))
    : el('button', { type: 'button', id: 'sign-in', onclick: onSignIn || (() => session.signIn()) }, 'Sign in'));
}

/** A problem, shown: its title and detail, and the fields it names. */
export function showProblem(container, error, ...extra) {
  const problem = error instanceof Problem ? error.problem : { title: 'Something went wrong', detail: String(error.message || error) };
  const fields = (problem.errors || []).map(e => el('li', {}, `${e.field}: ${e.message}`));
  container.replaceChildren(el('div', { class: 'problem', role: 'alert', id: 'problem' },
    el('strong', {}, problem.title || 'Not possible'), el('p', {}, problem.detail || ''),
    fields.length ? el('ul', {}, ...fields) : null, ...extra));
}
