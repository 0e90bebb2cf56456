// The app admin's console: plain DOM, same-origin fetches with the admin token. Everything the API returns
// is rendered as text nodes, never parsed as HTML: district names come from Clever and org names from
// admins, so either could carry markup.
const TOKEN_KEY = 'rostermatch.adminToken';

const byId = (id) => document.getElementById(id);

/** Builds an element; string children become text nodes, `on…` attributes become listeners. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== undefined && child !== null && child !== false));
  return node;
}

function showNotice(message, isError = false) {
  const notice = byId('notice');
  notice.textContent = message;
  notice.classList.toggle('error', isError);
}

/** Only http(s) links are rendered as links, so a `javascript:` URL can never become clickable. */
function safeHref(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function adminToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

async function callApi(method, path, body) {
  const token = adminToken();
  if (!token) throw new Error('Enter the admin token first.');
  const response = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await response.text();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // A non-JSON answer is reported by its status below.
  }
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignedIn();
    throw new Error('The admin token was refused; enter it again.');
  }
  if (!response.ok) throw new Error(json.error?.message ?? json.message ?? `HTTP ${response.status}`);
  return json;
}

/** Runs an action from a button or form, reporting its failure instead of throwing into the console. */
function guarded(action) {
  return async (event) => {
    event?.preventDefault();
    try {
      await action(event);
    } catch (error) {
      showNotice(error instanceof Error ? error.message : String(error), true);
    }
  };
}

function showSignedIn() {
  const signedIn = adminToken() !== '';
  byId('token-state').textContent = signedIn
    ? 'A token is set for this browser tab (kept in sessionStorage only).'
    : 'No token set.';
  byId('token-forget').hidden = !signedIn;
  byId('signed-in').hidden = !signedIn;
}

// --- districts -------------------------------------------------------------------------------------------

// Only the latest list request may render: an older answer arriving late must not replace a newer one.
let latestDistrictLoad = 0;

async function loadDistricts() {
  const load = ++latestDistrictLoad;
  const params = new URLSearchParams();
  const status = byId('district-status').value;
  const query = byId('district-query').value.trim();
  if (status) params.set('status', status);
  if (query) params.set('q', query);
  const { districts } = await callApi('GET', `/admin/districts${params.size ? `?${params}` : ''}`);
  if (load !== latestDistrictLoad) return;
  const list = byId('district-list');
  list.replaceChildren(
    ...(districts.length ? districts.map(districtCard) : [el('li', {}, 'No districts match.')]),
  );
}

function fact(label, value) {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length))
    return undefined;
  return el('span', {}, `${label}: ${Array.isArray(value) ? value.join(', ') : value}`, ' · ');
}

function districtCard(district) {
  const audit = el('div', { className: 'audit' });
  const card = el(
    'li',
    { className: 'card', 'data-district-id': district.districtId, 'data-status': district.status },
    el(
      'h3',
      {},
      el('span', { className: 'district-name' }, district.name ?? '(no name)'),
      ' ',
      el('span', { className: `status status-${district.status}` }, district.status),
    ),
    el(
      'p',
      { className: 'facts' },
      fact('id', district.districtId),
      fact('state', district.usState),
      fact('MDR', district.mdrNumber),
      fact('NCES', district.ncesId),
      fact('schools', district.schoolCount),
      fact('connection', district.connection),
      fact('email domains', district.emailDomains),
      district.instantLogin.attempts
        ? fact(
            'Instant Login attempts',
            `${district.instantLogin.attempts} (${district.instantLogin.userTypes.join(', ')})`,
          )
        : undefined,
      district.openConflicts ? fact('open conflicts', district.openConflicts) : undefined,
      fact('same name, other state', district.relations.sameNameOtherState),
      fact('possibly the same district as', district.relations.possibleSameDistrict),
    ),
    district.orgId
      ? el('p', { className: 'linked-org' }, 'Linked to organisation ', el('strong', {}, district.orgId))
      : undefined,
    district.candidates.length ? candidateList(district) : undefined,
    el(
      'div',
      { className: 'actions' },
      district.orgId
        ? el('button', { type: 'button', onclick: guarded(() => unlink(district)) }, 'Unlink')
        : undefined,
      el('button', { type: 'button', onclick: guarded(() => showAudit(district, audit)) }, 'Audit trail'),
    ),
    audit,
  );
  return card;
}

function candidateList(district) {
  return el(
    'ol',
    { className: 'candidates', 'aria-label': 'Candidate organisations, best first' },
    ...district.candidates.map((candidate) =>
      el(
        'li',
        { 'data-org-id': candidate.orgId },
        el('strong', {}, candidate.name),
        ` (${candidate.orgId}) score ${candidate.score.toFixed(2)}`,
        el('div', { className: 'evidence' }, candidate.evidence.join('; ')),
        el(
          'div',
          { className: 'actions' },
          el(
            'button',
            { type: 'button', onclick: guarded(() => linkDistrict(district, candidate)) },
            'Link to this organisation',
          ),
          el(
            'button',
            { type: 'button', onclick: guarded(() => createCleverLink(candidate.orgId)) },
            'Make "Log in with Clever" link',
          ),
        ),
      ),
    ),
  );
}

async function linkDistrict(district, candidate) {
  await callApi('PUT', `/admin/districts/${encodeURIComponent(district.districtId)}/org`, {
    orgId: candidate.orgId,
    // The org this page showed: the API refuses the change if someone else changed the link meanwhile.
    expectedOrgId: district.orgId ?? null,
  });
  showNotice(`Linked ${district.name ?? district.districtId} to ${candidate.orgId}.`);
  await loadDistricts();
}

async function unlink(district) {
  const expected = new URLSearchParams({ expectedOrgId: district.orgId });
  await callApi('DELETE', `/admin/districts/${encodeURIComponent(district.districtId)}/org?${expected}`);
  showNotice(`Unlinked ${district.name ?? district.districtId} from ${district.orgId}.`);
  await loadDistricts();
}

async function showAudit(district, container) {
  const { audit } = await callApi('GET', `/admin/districts/${encodeURIComponent(district.districtId)}/audit`);
  if (!audit.length) {
    container.replaceChildren(el('p', {}, 'No link changes recorded.'));
    return;
  }
  const cells = (tag, values) => el('tr', {}, ...values.map((value) => el(tag, {}, value ?? '')));
  container.replaceChildren(
    el(
      'table',
      {},
      el('thead', {}, cells('th', ['when', 'who', 'action', 'from', 'to', 'evidence', 'reason'])),
      el(
        'tbody',
        {},
        ...audit.map((entry) =>
          cells('td', [
            entry.at,
            entry.actor,
            entry.action,
            entry.fromOrgId,
            entry.toOrgId,
            entry.evidence.join('; '),
            entry.reason,
          ]),
        ),
      ),
    ),
  );
}

// --- "Log in with Clever" ------------------------------------------------------------------------------

async function createCleverLink(orgId) {
  // Same-origin, so the rm_link_session cookie that binds the link lands in this browser.
  const created = await callApi('POST', `/admin/orgs/${encodeURIComponent(orgId)}/clever-link`);
  const href = safeHref(created.url);
  if (!href) throw new Error('The API answered with a link that is not http(s).');
  byId('clever-link-org').value = orgId;
  byId('clever-link-result').replaceChildren(
    el('a', { id: 'clever-link', href, rel: 'noreferrer' }, `Log in with Clever (for ${orgId})`),
    ` expires ${new Date(created.expiresAt).toLocaleTimeString()}`,
  );
  showNotice(`Created a "Log in with Clever" link for ${orgId}.`);
  byId('clever-link').focus();
}

// --- uploads -----------------------------------------------------------------------------------------------

async function showUpload(jobId) {
  const job = await callApi('GET', `/uploads/${encodeURIComponent(jobId)}`);
  const row = (label, value) =>
    value === undefined || value === null
      ? undefined
      : el('tr', {}, el('th', {}, label), el('td', {}, value));
  const resultHref = job.result ? safeHref(job.result.url) : undefined;
  byId('upload-result').replaceChildren(
    el(
      'table',
      {},
      el(
        'tbody',
        {},
        row('job', job.jobId),
        row('district', job.districtId),
        row('type', job.type),
        row('status', job.status),
        row('created', job.createdAt),
        row('finished', job.finishedAt),
        row('rows', job.rows === undefined ? undefined : String(job.rows)),
        ...Object.entries(job.counts ?? {}).map(([outcome, count]) => row(outcome, String(count))),
        row('suggestions', job.suggestions === undefined ? undefined : String(job.suggestions)),
        row('failure', job.failure === undefined ? undefined : JSON.stringify(job.failure)),
        row('email', job.email ? `${job.email.state} (${job.email.mode})` : undefined),
        resultHref
          ? el(
              'tr',
              {},
              el('th', {}, 'result'),
              el(
                'td',
                {},
                el('a', { href: resultHref, rel: 'noreferrer' }, 'result.csv'),
                ` (link valid ${job.result.expiresInSeconds} s)`,
              ),
            )
          : undefined,
      ),
    ),
  );
}

// --- wiring --------------------------------------------------------------------------------------------------

byId('token-form').addEventListener(
  'submit',
  guarded(async () => {
    const input = byId('token-input');
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    input.value = '';
    showSignedIn();
    showNotice('');
    await loadDistricts();
  }),
);
byId('token-forget').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  byId('district-list').replaceChildren();
  showSignedIn();
});
byId('district-filter').addEventListener('submit', guarded(loadDistricts));
byId('clever-link-form').addEventListener(
  'submit',
  guarded(() => createCleverLink(byId('clever-link-org').value.trim())),
);
byId('upload-form').addEventListener(
  'submit',
  guarded(() => showUpload(byId('upload-job').value.trim())),
);

showSignedIn();
if (adminToken()) guarded(loadDistricts)();
