// Acme CRM demo host page: the reference listener for agent-adapter events.
//
// Integrators copy `onAdapterMessage` and the helpers beside it. What it shows:
//   1. Accept a message only when `event.origin` is exactly the adapter origin and it comes
//      from one of our adapter iframes. Everything else is counted and dropped.
//   2. Adapter events are JSON strings: parse them inside try/catch, never trust their shape.
//   3. Render whatever the adapter sends as text (`textContent`), and only ever open
//      http(s) links from it.
// The page also drives the telephony simulator (the "caller"), the Optico simulator (the
// caller's web session: page views, cart, orders) and the Aimylogic bot simulator (a chat
// customer handed over to an agent) through their HTTP endpoints.
'use strict';

(function () {
  const ADAPTER_ORIGIN = document.body.dataset.adapterOrigin;
  const MAX_LOG_ENTRIES = 200;

  const byId = (id) => document.getElementById(id);
  const frames = {
    call: document.querySelector('iframe[name="call-adapter"]'),
    chat: document.querySelector('iframe[name="chat-adapter"]'),
  };

  // `?lang=en|fr` on this page embeds the adapters in that language (the server adds it to
  // their URLs); without it they follow the agent's browser. Mark the language chosen.
  const pageLang = new URLSearchParams(window.location.search).get('lang');
  if (pageLang === 'en' || pageLang === 'fr') {
    byId('lang-' + pageLang).setAttribute('aria-current', 'page');
  }

  // Every accepted message, exactly as received, for tests and for debugging in the console.
  window.__adapterEvents = [];

  const counts = { received: 0, rejected: 0 };
  const lastSeq = { call: 0, chat: 0 };
  const record = { callId: null };
  const sim = { latest: null };

  // ---------------------------------------------------------------------------------------
  // Receiving adapter events
  // ---------------------------------------------------------------------------------------

  function adapterOf(source) {
    for (const [name, frame] of Object.entries(frames)) {
      if (frame && source !== null && frame.contentWindow === source) {
        return name;
      }
    }
    return null;
  }

  function parseMessage(data) {
    if (typeof data !== 'string') {
      return null;
    }
    let message;
    try {
      message = JSON.parse(data);
    } catch (_error) {
      return null;
    }
    if (message === null || typeof message !== 'object' || typeof message.type !== 'string') {
      return null;
    }
    return message;
  }

  function onAdapterMessage(event) {
    const adapter = adapterOf(event.source);
    if (event.origin !== ADAPTER_ORIGIN || adapter === null) {
      counts.rejected += 1;
      byId('event-rejected-count').textContent = String(counts.rejected);
      return;
    }

    const receivedAt = Date.now();
    window.__adapterEvents.push({ origin: event.origin, data: event.data, receivedAt, adapter });
    counts.received += 1;
    byId('event-count').textContent = String(counts.received);

    const message = parseMessage(event.data);
    if (message === null) {
      appendLogEntry({
        adapter,
        origin: event.origin,
        receivedAt,
        type: 'Unreadable message',
        seq: null,
        body: typeof event.data === 'string' ? event.data : '(not a JSON string)',
        category: 'error',
      });
      return;
    }

    const seq = Number.isInteger(message.seq) ? message.seq : null;
    const replay = message.replay === true;
    // A new adapter instance (an iframe reload) starts again at seq 1; a replay answers our own
    // Sync_Request and repeats a seq already counted.
    if (message.type === 'Adapter_Ready') lastSeq[adapter] = 0;
    const gap = !replay && seq !== null && lastSeq[adapter] !== 0 && seq !== lastSeq[adapter] + 1;
    if (seq !== null && seq > lastSeq[adapter]) {
      lastSeq[adapter] = seq;
    }
    appendLogEntry({
      adapter,
      origin: event.origin,
      receivedAt,
      type: replay ? `${message.type} (replayed)` : message.type,
      seq,
      gap,
      body: JSON.stringify(message.data === undefined ? null : message.data, null, 2),
      category: categoryOf(message.type),
    });
    if (!replay) handleEvent(adapter, message.type, isObject(message.data) ? message.data : {});
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function categoryOf(type) {
    if (type === 'Adapter_Ready' || type === 'Ack') return 'system';
    if (type === 'Error') return 'error';
    if (type.startsWith('Agent_Log')) return 'agent';
    if (type === 'End_Call' || type === 'End_Chat') return 'end';
    if (type.includes('Call')) return 'call';
    if (type.includes('Chat')) return 'chat';
    return 'other';
  }

  function handleEvent(adapter, type, data) {
    switch (type) {
      case 'Agent_Login':
        showAgent(typeof data.agent_email === 'string' ? data.agent_email : 'Agent');
        // Ask the adapter what it shows, so a reloaded host page gets its state back (and any
        // event after this one that we might miss meanwhile).
        sendCommand(adapter, 'Sync_Request', { since_seq: lastSeq[adapter] });
        break;
      case 'Ack':
        if (data.command === 'Sync_Request' && isObject(data.result)) restoreFrom(data.result);
        break;
      case 'Agent_Logout':
        showAgent(null);
        break;
      case 'New_Call':
        showCall(data);
        break;
      case 'Agent_Joined_Call':
        if (data.call_id === record.callId) setRecordStatus('call', 'In call');
        break;
      case 'End_Call':
        if (data.call_id === record.callId) setRecordStatus('ended', 'Call ended');
        if (sim.latest !== null && sim.latest.gatewayCallId === data.call_id) {
          sim.latest.ended = true;
          updateHangupButton();
        }
        break;
      case 'CRM_Record_Pop':
        popRecord(data.recordUrl);
        break;
      default:
        break;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Commands to the adapters
  // ---------------------------------------------------------------------------------------

  let nextCommandId = 1;

  // Posts a command to one adapter, only to the adapter origin.
  function sendCommand(adapter, type, data) {
    const frame = frames[adapter];
    if (!frame || !frame.contentWindow) return;
    const id = `demo-${nextCommandId++}`;
    frame.contentWindow.postMessage(JSON.stringify({ type, id, data }), ADAPTER_ORIGIN);
  }

  // The host restyling the adapters: a palette and brand colours through Set_Theme.
  const theme = { dark: false, brand: false };
  const BRAND = {
    '--aa-color-primary': '#7a2e9e',
    '--aa-color-primary-hover': '#64247f',
    '--aa-color-primary-soft': '#f3e8f8',
    '--aa-color-focus': '#7a2e9e',
    '--aa-radius-md': '4px',
    '--aa-radius-lg': '6px',
  };
  const UNBRANDED = {
    '--aa-color-primary': '',
    '--aa-color-primary-hover': '',
    '--aa-color-primary-soft': '',
    '--aa-color-focus': '',
    '--aa-radius-md': '',
    '--aa-radius-lg': '',
  };

  function sendTheme() {
    const vars = theme.brand ? BRAND : UNBRANDED;
    const mode = theme.dark ? 'dark' : 'system';
    for (const adapter of Object.keys(frames)) sendCommand(adapter, 'Set_Theme', { mode, vars });
    byId('theme-dark').setAttribute('aria-pressed', String(theme.dark));
    byId('theme-brand').setAttribute('aria-pressed', String(theme.brand));
    const status = byId('theme-status');
    status.dataset.state = 'ok';
    status.textContent = `Set_Theme sent: ${theme.dark ? 'dark palette' : 'system palette'}` +
      `${theme.brand ? ', Acme colours' : ''}.`;
  }

  // Shows again what a Sync_Request answer says the call adapter has on screen.
  function restoreFrom(state) {
    if (isObject(state.agent) && typeof state.agent.agent_email === 'string') {
      showAgent(state.agent.agent_email);
    }
    const sessions = Array.isArray(state.sessions) ? state.sessions : [];
    const call = sessions.find((s) => isObject(s) && Number.isInteger(s.call_id));
    if (call && call.state === 'active' && record.callId !== call.call_id) {
      showCall({
        call_id: call.call_id,
        queue_path: call.queue_path,
        session_type: call.session_type,
        agent_email: isObject(state.agent) ? state.agent.agent_email : null,
      });
    }
  }

  // ---------------------------------------------------------------------------------------
  // Event log
  // ---------------------------------------------------------------------------------------

  function formatTime(ms) {
    const at = new Date(ms);
    const pad = (value, width) => String(value).padStart(width, '0');
    return `${pad(at.getHours(), 2)}:${pad(at.getMinutes(), 2)}:${pad(at.getSeconds(), 2)}` +
      `.${pad(at.getMilliseconds(), 3)}`;
  }

  function appendLogEntry(entry) {
    const item = byId('event-template').content.firstElementChild.cloneNode(true);
    item.classList.add(`event--${entry.category}`);
    item.dataset.type = entry.type;
    item.querySelector('.event__type').textContent = entry.type;
    item.querySelector('.event__adapter').textContent = entry.adapter;
    const seq = item.querySelector('.event__seq');
    seq.textContent = entry.seq === null ? 'no seq' : `seq ${entry.seq}`;
    if (entry.gap) {
      seq.classList.add('event__seq--gap');
      seq.title = 'Sequence gap: some events were missed';
    }
    const time = item.querySelector('.event__time');
    time.dateTime = new Date(entry.receivedAt).toISOString();
    time.textContent = formatTime(entry.receivedAt);
    item.querySelector('.event__origin').textContent = entry.origin;
    item.querySelector('.event__data').textContent = entry.body;

    const list = byId('event-log');
    list.prepend(item);
    while (list.children.length > MAX_LOG_ENTRIES) {
      list.lastElementChild.remove();
    }
    byId('event-empty').hidden = true;
  }

  // ---------------------------------------------------------------------------------------
  // Agent badge and CRM record pane
  // ---------------------------------------------------------------------------------------

  function showAgent(email) {
    const badge = document.querySelector('[data-testid="host-agent"]');
    badge.dataset.state = email === null ? 'offline' : 'online';
    byId('host-agent-text').textContent = email === null ? 'No agent logged in' : email;
  }

  function setRecordStatus(state, label) {
    byId('record-status').textContent = label;
    document.querySelector('[data-testid="crm-record"]').dataset.state = state;
  }

  function text(value) {
    return value === undefined || value === null ? '—' : String(value);
  }

  function showCall(data) {
    record.callId = data.call_id;
    byId('record-empty').hidden = true;
    byId('record-body').hidden = false;
    byId('record-name').textContent = 'Unidentified caller';
    byId('record-hint').textContent = 'Caller details arrive with the CRM lookup.';
    byId('record-call').textContent = `#${text(data.call_id)}`;
    byId('record-queue').textContent = text(data.queue_path);
    byId('record-session').textContent = text(data.session_type);
    byId('record-agent').textContent = text(data.agent_email);
    byId('record-link-row').hidden = true;
    setRecordStatus('call', 'In call');
  }

  function safeHttpUrl(value) {
    if (typeof value !== 'string') return null;
    let url;
    try {
      url = new URL(value);
    } catch (_error) {
      return null;
    }
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  }

  function popRecord(recordUrl) {
    const url = safeHttpUrl(recordUrl);
    byId('record-empty').hidden = true;
    byId('record-body').hidden = false;
    if (url === null) {
      byId('record-hint').textContent = 'Ignored a CRM record link that is not http(s).';
      byId('record-link-row').hidden = true;
      return;
    }
    const link = byId('record-link');
    link.href = url.href;
    link.textContent = url.href;
    byId('record-link-row').hidden = false;
    // The demo CRM's record pages are served by this page's origin: show the record itself
    // (sandboxed: no script of it runs). Records elsewhere stay a link.
    const frame = byId('record-frame');
    if (url.origin === window.location.origin) {
      frame.src = url.href;
      frame.hidden = false;
    } else {
      frame.hidden = true;
    }
    byId('record-hint').textContent = 'Record popped by the adapter.';
    setRecordStatus('record', 'Record popped');
  }

  // ---------------------------------------------------------------------------------------
  // Telephony simulator controls
  // ---------------------------------------------------------------------------------------

  function setSimStatus(state, message) {
    const status = byId('sim-status');
    status.dataset.state = state;
    status.textContent = message;
  }

  function updateHangupButton() {
    const button = byId('caller-hangup-button');
    button.disabled = sim.latest === null || sim.latest.ended;
    button.title = sim.latest === null ? 'Ring a call first' : `Hang up ${sim.latest.externalId}`;
    const cobrowse = byId('caller-cobrowse-button');
    cobrowse.disabled = sim.latest === null || sim.latest.ended || sim.latest.gatewayCallId === null;
  }

  // The caller opens a co-browse session from the web page they are on (the simulated
  // co-browse provider tells the gateway, which tells the agent's adapter).
  async function callerCobrowses() {
    if (sim.latest === null || sim.latest.gatewayCallId === null) return;
    const callId = sim.latest.gatewayCallId;
    setSimStatus('busy', `The caller starts co-browsing in call #${callId}…`);
    try {
      const result = await callSimulator('POST', '/cobrowse/sessions', { call_id: callId });
      const gateway = isObject(result.payload) ? result.payload.gateway_status : undefined;
      if (!result.ok || gateway !== 200) {
        setSimStatus('error', describeFailure('Starting co-browse', result));
        return;
      }
      setSimStatus('ok', `The caller shares their page (session ${text(result.payload.session_id)}).`);
    } catch (error) {
      setSimStatus('error', `Co-browse failed: the simulator did not answer (${error.message}).`);
    }
  }

  async function callSimulator(method, path, body) {
    const init = { method, headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const raw = await response.text();
    let payload = null;
    try {
      payload = raw === '' ? null : JSON.parse(raw);
    } catch (_error) {
      payload = raw;
    }
    return { ok: response.ok, status: response.status, payload };
  }

  function describeFailure(what, result) {
    const payload = result.payload;
    let message = `${what} failed: HTTP ${result.status}`;
    if (isObject(payload) && typeof payload.message === 'string') {
      message = `${what} failed: ${payload.message}`;
    }
    if (isObject(payload) && payload.gatewayBody !== undefined) {
      message += ` Gateway said: ${JSON.stringify(payload.gatewayBody)}`;
    } else if (typeof payload === 'string' && payload !== '') {
      message += ` ${payload}`;
    }
    return message;
  }

  async function ringCall() {
    const button = byId('ring-button');
    const phone = byId('ring-caller-phone').value.trim();
    const queue = byId('ring-queue').value;
    const body = { queue };
    if (phone !== '') body.callerPhone = phone;

    button.disabled = true;
    setSimStatus('busy', 'Ringing…');
    try {
      const result = await callSimulator('POST', '/telephony/calls', body);
      if (!result.ok) {
        setSimStatus('error', describeFailure('Ringing', result));
        return;
      }
      const callId = isObject(result.payload.gatewayBody) ? result.payload.gatewayBody.callId : null;
      sim.latest = { externalId: result.payload.externalId, gatewayCallId: callId, ended: false };
      const caller = phone === '' ? 'a private number' : phone;
      const queueSelect = byId('ring-queue');
      const queueLabel = queueSelect.options[queueSelect.selectedIndex].text;
      setSimStatus('ok', `Rang ${sim.latest.externalId} from ${caller} into ${queueLabel} ` +
        `(gateway call #${text(callId)}).`);
    } catch (error) {
      setSimStatus('error', `Ringing failed: the simulator did not answer (${error.message}).`);
    } finally {
      button.disabled = false;
      updateHangupButton();
    }
  }

  async function hangUpCall() {
    if (sim.latest === null) return;
    const call = sim.latest;
    const button = byId('caller-hangup-button');
    button.disabled = true;
    setSimStatus('busy', `Hanging up ${call.externalId}…`);
    try {
      const path = `/telephony/calls/${encodeURIComponent(call.externalId)}/hangup`;
      const result = await callSimulator('POST', path);
      if (!result.ok) {
        setSimStatus('error', describeFailure('Hanging up', result));
        return;
      }
      call.ended = true;
      setSimStatus('ok', `The caller of ${call.externalId} hung up.`);
    } catch (error) {
      setSimStatus('error', `Hanging up failed: the simulator did not answer (${error.message}).`);
    } finally {
      updateHangupButton();
    }
  }

  async function restoreLatestCall() {
    try {
      const result = await callSimulator('GET', '/telephony/calls');
      if (!result.ok || !Array.isArray(result.payload)) return;
      const live = result.payload.filter((call) => call.state === 'in_progress');
      const latest = live[live.length - 1];
      if (latest !== undefined && sim.latest === null) {
        sim.latest = {
          externalId: latest.externalId,
          gatewayCallId: latest.gatewayCallId === undefined ? null : latest.gatewayCallId,
          ended: false,
        };
        updateHangupButton();
      }
    } catch (_error) {
      // The controls still work; the hang-up button just stays off until the next ring.
    }
  }

  // ---------------------------------------------------------------------------------------
  // Optico simulator controls (the caller's web session)
  // ---------------------------------------------------------------------------------------

  const VISITOR_ACTIONS = {
    view: { what: 'The page view', busy: 'The visitor opens a page…' },
    cart: { what: 'Adding to the cart', busy: 'The visitor adds a product to the cart…' },
    order: { what: 'The order', busy: 'The visitor places an order…' },
  };

  function setVisitorStatus(state, message) {
    const status = byId('visitor-status');
    status.dataset.state = state;
    status.textContent = message;
  }

  function formatAmount(amount, currency) {
    if (typeof amount !== 'number' || !Number.isFinite(amount)) return '—';
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return amount.toFixed(2);
    try {
      return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount);
    } catch (_error) {
      return `${amount.toFixed(2)} ${currency}`;
    }
  }

  function gatewayVerdict(payload) {
    const body = payload.gatewayBody;
    const word = isObject(body) && typeof body.status === 'string' ? ` ${body.status}` : '';
    return `Gateway: HTTP ${text(payload.gatewayStatus)}${word}.`;
  }

  function describeVisitorUpdate(payload) {
    const data = isObject(payload) && isObject(payload.realtimeData) ? payload.realtimeData : {};
    const call = `Optico call ${text(data.callId)}`;
    const verdict = isObject(payload) ? gatewayVerdict(payload) : '';
    if (data.type === 'view' && isObject(data.view)) {
      return `${call}: the visitor opened “${text(data.view.pageTitle)}”. ${verdict}`;
    }
    if (data.type === 'cart' && isObject(data.cart)) {
      const total = formatAmount(data.cart.totalCost, data.cart.currency);
      return `${call}: ${text(data.cart.productsNb)} items in the cart, ${total}. ${verdict}`;
    }
    if (data.type === 'order' && isObject(data.order)) {
      const total = formatAmount(data.order.totalCost, data.order.currency);
      return `${call}: order ${text(data.order.externalId)} placed, ${total}. ${verdict}`;
    }
    return `${call}: update sent. ${verdict}`;
  }

  function setVisitorButtonsDisabled(disabled) {
    for (const kind of Object.keys(VISITOR_ACTIONS)) {
      byId(`visitor-${kind}`).disabled = disabled;
    }
  }

  async function visitorAction(kind) {
    const action = VISITOR_ACTIONS[kind];
    setVisitorButtonsDisabled(true);
    setVisitorStatus('busy', action.busy);
    try {
      const result = await callSimulator('POST', `/optico/visitor/${kind}`, {});
      if (!result.ok) {
        setVisitorStatus('error', describeFailure(action.what, result));
        return;
      }
      setVisitorStatus('ok', describeVisitorUpdate(result.payload));
    } catch (error) {
      setVisitorStatus('error',
        `${action.what} failed: the simulator did not answer (${error.message}).`);
    } finally {
      setVisitorButtonsDisabled(false);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Chat simulator: the Aimylogic bot hands a customer over and writes as them
  // ---------------------------------------------------------------------------------------

  const chatSim = { userId: null, closed: false, events: 0 };
  const CHAT_BUTTONS = ['chat-customer-write', 'chat-customer-file', 'chat-customer-leave'];

  function setChatStatus(state, message) {
    const status = byId('chat-sim-status');
    status.dataset.state = state;
    status.textContent = message;
  }

  function updateChatButtons(busy) {
    const noChat = chatSim.userId === null || chatSim.closed;
    byId('chat-start').disabled = busy;
    for (const id of CHAT_BUTTONS) {
      byId(id).disabled = busy || noChat;
    }
  }

  async function chatAction(what, busyText, request, describe) {
    updateChatButtons(true);
    setChatStatus('busy', busyText);
    try {
      const result = await request();
      if (!result.ok) {
        setChatStatus('error', describeFailure(what, result));
        return;
      }
      setChatStatus('ok', describe(result.payload));
    } catch (error) {
      setChatStatus('error', `${what} failed: the simulator did not answer (${error.message}).`);
    } finally {
      updateChatButtons(false);
    }
  }

  function startChat() {
    const name = byId('chat-customer-name').value.trim();
    const select = byId('chat-destination');
    const destination = select.options[select.selectedIndex].text;
    const body = {
      destinationId: select.value,
      attributes: { email: 'lea.dubois@example.com', order: 'A-1042', language: 'fr' },
    };
    if (name !== '') body.userName = name;
    return chatAction('Starting the chat', 'The bot hands the customer over…',
      () => callSimulator('POST', '/aimylogic/chats', body),
      (payload) => {
        chatSim.userId = payload.userId;
        chatSim.closed = false;
        const chatId = isObject(payload.gatewayBody) ? payload.gatewayBody.chatId : null;
        return `The bot handed ${name === '' ? payload.userId : name} over to ${destination} ` +
          `(gateway chat #${text(chatId)}). Accept it in the chat adapter.`;
      });
  }

  // The Operator API carries no message id: the gateway acknowledges a message identical to
  // the chat's latest client line, sent again within a few seconds, as a repeated delivery.
  function repeated(payload) {
    return isObject(payload) && isObject(payload.gatewayBody) &&
      payload.gatewayBody.duplicate === true;
  }

  function customerPath(action) {
    return `/aimylogic/chats/${encodeURIComponent(chatSim.userId)}/${action}`;
  }

  function customerWrites() {
    const said = byId('chat-customer-text').value.trim();
    if (said === '') {
      setChatStatus('error', 'Type what the customer writes first.');
      return Promise.resolve();
    }
    return chatAction('The message', 'The customer writes…',
      () => callSimulator('POST', customerPath('text'), { text: said }),
      (payload) => repeated(payload)
        ? `The gateway took “${said}” for a repeated delivery of the customer's last ` +
          'message and did not show it again: change the text to send another one.'
        : `The customer wrote “${said}”.`);
  }

  async function customerSendsFile() {
    // A real file of this page, so the agent's download link works.
    const url = new URL('/favicon.svg', window.location.href).href;
    let size;
    try {
      size = (await (await fetch(url)).blob()).size;
    } catch (_error) {
      size = undefined;
    }
    return chatAction('The file', 'The customer sends a file…',
      () => callSimulator('POST', customerPath('file'),
        { url, fileName: 'parcel-photo.svg', size }),
      (payload) => repeated(payload)
        ? 'The gateway took the file for a repeated delivery and did not show it again.'
        : 'The customer sent parcel-photo.svg.');
  }

  function customerLeaves() {
    return chatAction('Leaving', 'The customer leaves…',
      () => callSimulator('POST', customerPath('close'), {}),
      () => {
        chatSim.closed = true;
        return 'The customer closed the chat.';
      });
  }

  async function refreshBotEvents() {
    try {
      const result = await callSimulator('GET', '/aimylogic/events');
      if (!result.ok || !Array.isArray(result.payload)) return;
      const events = result.payload;
      if (events.length === chatSim.events) return;
      chatSim.events = events.length;
      const latest = events[events.length - 1];
      const type = isObject(latest) && typeof latest.type === 'string' ? latest.type : 'event';
      const who = isObject(latest) && isObject(latest.employee)
        ? ` from ${text(latest.employee.firstName)} ${text(latest.employee.lastName)}` : '';
      byId('chat-bot-events').textContent =
        `The bot's webhook received ${events.length} agent event` +
        `${events.length === 1 ? '' : 's'}; the latest: ${type}${who}.`;
      if (type === 'Closed' && isObject(latest) && latest.userId === chatSim.userId) {
        chatSim.closed = true;
        updateChatButtons(false);
      }
    } catch (_error) {
      // The line keeps its last value; the next poll tries again.
    }
  }

  // ---------------------------------------------------------------------------------------
  // Colleague: a second agent the simulator plays, to show transfers being taken
  // ---------------------------------------------------------------------------------------

  const colleague = { signedIn: false, answered: 0, poller: null };

  function showColleague(view) {
    colleague.signedIn = view.signed_in === true;
    const button = byId('colleague-toggle');
    button.textContent = colleague.signedIn ? 'Sign out Ariel' : 'Sign in Ariel';
    button.setAttribute('aria-pressed', colleague.signedIn ? 'true' : 'false');
    const status = byId('colleague-status');
    status.dataset.state = colleague.signedIn ? 'ok' : 'idle';
    const answered = Array.isArray(view.answered) ? view.answered.length : 0;
    const tally = answered > 0 ? ` · answered ${answered} call${answered === 1 ? '' : 's'}` : '';
    status.textContent = colleague.signedIn
      ? `${text(view.name || view.email)}: ${text(view.note)}${tally}`
      : `Ariel is signed out${tally}. Signed in, she answers any call that rings at her after ` +
        '2 s: transfer a call to her from the phone adapter.';
  }

  async function refreshColleague() {
    const result = await callSimulator('GET', '/colleague');
    if (result.ok && isObject(result.payload)) showColleague(result.payload);
  }

  async function toggleColleague() {
    const button = byId('colleague-toggle');
    button.disabled = true;
    const path = colleague.signedIn ? '/colleague/sign-out' : '/colleague/sign-in';
    try {
      const result = await callSimulator('POST', path);
      if (result.ok && isObject(result.payload)) {
        showColleague(result.payload);
      } else {
        const status = byId('colleague-status');
        status.dataset.state = 'error';
        status.textContent = describeFailure('Signing Ariel in or out', result);
      }
    } catch (error) {
      const status = byId('colleague-status');
      status.dataset.state = 'error';
      status.textContent = `The simulator did not answer: ${error}`;
    } finally {
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Start
  // ---------------------------------------------------------------------------------------

  window.addEventListener('message', onAdapterMessage);
  byId('adapter-origin').textContent = ADAPTER_ORIGIN;
  byId('ring-button').addEventListener('click', ringCall);
  byId('caller-hangup-button').addEventListener('click', hangUpCall);
  for (const kind of Object.keys(VISITOR_ACTIONS)) {
    byId(`visitor-${kind}`).addEventListener('click', () => visitorAction(kind));
  }
  byId('colleague-toggle').addEventListener('click', toggleColleague);
  byId('theme-dark').addEventListener('click', () => { theme.dark = !theme.dark; sendTheme(); });
  byId('theme-brand').addEventListener('click', () => { theme.brand = !theme.brand; sendTheme(); });
  byId('chat-start').addEventListener('click', startChat);
  byId('chat-customer-write').addEventListener('click', customerWrites);
  byId('chat-customer-file').addEventListener('click', customerSendsFile);
  byId('chat-customer-leave').addEventListener('click', customerLeaves);
  byId('caller-cobrowse-button').addEventListener('click', callerCobrowses);
  window.setInterval(refreshBotEvents, 1000);
  updateHangupButton();
  restoreLatestCall();
  refreshColleague();
  colleague.poller = window.setInterval(refreshColleague, 1000);
})();
