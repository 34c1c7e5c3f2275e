// agent-adapter host conformance kit.
//
// A host page that embeds the call and chat adapters and checks every message they post:
//   - it is a JSON string, from the adapter origin, posted by the adapter iframe's window;
//   - it validates against `#/$defs/HostMessage` of docs/host-contract.schema.json, with the
//     small JSON Schema validator below (the subset schemars emits);
//   - `v` is the protocol version, `seq` goes up by one per adapter instance without gaps and
//     starts with `Adapter_Ready` at 1, replays repeat a `seq` already seen;
//   - every command the kit sends gets exactly one `Ack` or `Error` carrying its id.
// "Run" plays a scripted session: host commands, then a call and a chat driven through the
// demo simulators' HTTP endpoints (the kit is served by the simulator, so they are same-origin).
//
// No build step, no dependency, no inline script and no eval: it runs under the strict
// Content-Security-Policy the simulator serves it with.
'use strict';

(function () {
  const PROTOCOL_VERSION = 1;
  const ADAPTERS = ['call', 'chat'];
  const COMMAND_TIMEOUT_MS = 15000;
  const PERSON_TIMEOUT_MS = 300000;
  const READY_TIMEOUT_MS = 20000;
  const MAX_LOG_ENTRIES = 150;
  const UNREADABLE = '(unreadable)';

  const byId = (id) => document.getElementById(id);
  const config = document.body.dataset;
  const ADAPTER_ORIGIN = config.adapterOrigin;
  const frames = {
    call: document.querySelector('iframe[name="call-adapter"]'),
    chat: document.querySelector('iframe[name="chat-adapter"]'),
  };

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function typeOf(value) {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'array';
    if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
    return typeof value;
  }

  function preview(value) {
    let json;
    try {
      json = JSON.stringify(value);
    } catch (_error) {
      json = String(value);
    }
    if (json === undefined) return String(value);
    return json.length > 60 ? `${json.slice(0, 57)}…` : json;
  }

  // =========================================================================================
  // JSON Schema validator: the subset schemars emits (draft 2020-12).
  // Checked: $ref (local JSON pointers), type (one or several, `integer` is a `number`), const,
  // enum, properties, required, additionalProperties (false or a schema), items, allOf, anyOf,
  // oneOf, not, minimum/maximum (and exclusive), minLength/maxLength, minItems/maxItems.
  // Annotations (description, format, default, title, …) are ignored, as a validator may.
  // =========================================================================================

  const CHECKED_KEYWORDS = new Set([
    '$ref', '$defs', 'type', 'const', 'enum', 'properties', 'required', 'additionalProperties',
    'items', 'allOf', 'anyOf', 'oneOf', 'not', 'minimum', 'maximum', 'exclusiveMinimum',
    'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems',
  ]);
  const ANNOTATION_KEYWORDS = new Set([
    '$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'format',
    'deprecated', 'readOnly', 'writeOnly',
  ]);

  function deepEqual(a, b) {
    if (a === b) return true;
    if (typeOf(a) !== typeOf(b)) return false;
    if (Array.isArray(a)) {
      return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
    }
    if (isObject(a)) {
      const keys = Object.keys(a);
      return keys.length === Object.keys(b).length &&
        keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) &&
          deepEqual(a[key], b[key]));
    }
    return false;
  }

  function hasType(value, type) {
    const actual = typeOf(value);
    return actual === type || (type === 'number' && actual === 'integer');
  }

  function resolveRef(root, ref) {
    if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
    const pointer = ref.slice(1);
    if (pointer === '') return root;
    let node = root;
    for (const raw of pointer.split('/').slice(1)) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
      node = node[part];
    }
    return node;
  }

  function childPath(path, key) {
    return path === '' ? key : `${path}.${key}`;
  }

  // For a oneOf/anyOf over objects told apart by a `type` const (how schemars writes tagged
  // enums), the index of the branch `value.type` selects: -1 for an unknown type, null when
  // the branches are not told apart that way.
  function taggedBranch(root, branches, value) {
    if (!isObject(value) || typeof value.type !== 'string') return null;
    const tags = branches.map((branch) => {
      const target = isObject(branch) && branch.$ref ? resolveRef(root, branch.$ref) : branch;
      return isObject(target) && isObject(target.properties) &&
        isObject(target.properties.type) ? target.properties.type.const : undefined;
    });
    if (!tags.every((tag) => typeof tag === 'string')) return null;
    return { index: tags.indexOf(value.type), count: tags.length };
  }

  function noneMatched(root, keyword, branches, errors, value, path) {
    const where = path === '' ? 'message' : path;
    const tagged = taggedBranch(root, branches, value);
    if (tagged !== null && tagged.index === -1) {
      return `${childPath(path, 'type')}: "${value.type}" is none of the ${tagged.count} ` +
        'types the schema knows';
    }
    if (tagged !== null) return errors[tagged.index];
    return `${where}: matches none of the ${branches.length} ${keyword} alternatives ` +
      `(first: ${errors[0]})`;
  }

  /// The first way `value` fails `schema` (a message naming the path), or null when it is valid.
  function validate(root, schema, value, path) {
    const where = path === '' ? 'message' : path;
    if (schema === true || schema === undefined) return null;
    if (schema === false) return `${where}: no value is allowed here`;
    if (!isObject(schema)) return `${where}: the schema is not an object`;

    if (schema.$ref !== undefined) {
      const target = resolveRef(root, schema.$ref);
      if (target === undefined) return `${where}: the schema's $ref ${schema.$ref} is missing`;
      const error = validate(root, target, value, path);
      if (error !== null) return error;
    }

    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((type) => hasType(value, type))) {
        return `${where}: expected ${types.join(' or ')}, got ${typeOf(value)} ${preview(value)}`;
      }
    }
    if (Object.prototype.hasOwnProperty.call(schema, 'const') && !deepEqual(value, schema.const)) {
      return `${where}: expected ${preview(schema.const)}, got ${preview(value)}`;
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((item) => deepEqual(value, item))) {
      return `${where}: ${preview(value)} is not one of ${schema.enum.map(preview).join(', ')}`;
    }

    if (typeof value === 'number') {
      if (typeof schema.minimum === 'number' && value < schema.minimum) {
        return `${where}: ${value} is below the minimum ${schema.minimum}`;
      }
      if (typeof schema.maximum === 'number' && value > schema.maximum) {
        return `${where}: ${value} is above the maximum ${schema.maximum}`;
      }
      if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
        return `${where}: ${value} must be above ${schema.exclusiveMinimum}`;
      }
      if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) {
        return `${where}: ${value} must be below ${schema.exclusiveMaximum}`;
      }
    }
    if (typeof value === 'string') {
      const length = [...value].length;
      if (typeof schema.minLength === 'number' && length < schema.minLength) {
        return `${where}: shorter than ${schema.minLength} characters`;
      }
      if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
        return `${where}: longer than ${schema.maxLength} characters`;
      }
    }

    if (isObject(value)) {
      const error = validateObject(root, schema, value, path);
      if (error !== null) return error;
    }
    if (Array.isArray(value)) {
      if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
        return `${where}: fewer than ${schema.minItems} items`;
      }
      if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
        return `${where}: more than ${schema.maxItems} items`;
      }
      if (schema.items !== undefined) {
        for (let i = 0; i < value.length; i += 1) {
          const error = validate(root, schema.items, value[i], `${where}[${i}]`);
          if (error !== null) return error;
        }
      }
    }

    if (Array.isArray(schema.allOf)) {
      for (const branch of schema.allOf) {
        const error = validate(root, branch, value, path);
        if (error !== null) return error;
      }
    }
    if (Array.isArray(schema.anyOf)) {
      const errors = schema.anyOf.map((branch) => validate(root, branch, value, path));
      if (!errors.includes(null)) {
        return noneMatched(root, 'anyOf', schema.anyOf, errors, value, path);
      }
    }
    if (Array.isArray(schema.oneOf)) {
      const errors = schema.oneOf.map((branch) => validate(root, branch, value, path));
      const matches = errors.filter((error) => error === null).length;
      if (matches === 0) return noneMatched(root, 'oneOf', schema.oneOf, errors, value, path);
      if (matches > 1) {
        return `${where}: matches ${matches} oneOf alternatives, exactly one is allowed`;
      }
    }
    if (schema.not !== undefined && validate(root, schema.not, value, path) === null) {
      return `${where}: matches a schema it must not match`;
    }
    return null;
  }

  function validateObject(root, schema, value, path) {
    const where = path === '' ? 'message' : path;
    const own = (key) => Object.prototype.hasOwnProperty.call(value, key);
    if (Array.isArray(schema.required)) {
      for (const name of schema.required) {
        if (!own(name)) return `${where}: the required field "${name}" is missing`;
      }
    }
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const [name, propertySchema] of Object.entries(properties)) {
      if (own(name)) {
        const error = validate(root, propertySchema, value[name], childPath(path, name));
        if (error !== null) return error;
      }
    }
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
      for (const name of Object.keys(value)) {
        if (Object.prototype.hasOwnProperty.call(properties, name)) continue;
        if (schema.additionalProperties === false) {
          return `${where}: unexpected field "${name}"`;
        }
        const error = validate(root, schema.additionalProperties, value[name],
          childPath(path, name));
        if (error !== null) return error;
      }
    }
    return null;
  }

  // Keywords of `schema` this validator neither checks nor may ignore: shown, so a schema that
  // starts using one cannot pass unnoticed.
  function uncheckedKeywords(schema, found) {
    if (Array.isArray(schema)) {
      for (const item of schema) uncheckedKeywords(item, found);
      return found;
    }
    if (!isObject(schema)) return found;
    for (const [key, child] of Object.entries(schema)) {
      if (!CHECKED_KEYWORDS.has(key) && !ANNOTATION_KEYWORDS.has(key)) found.add(key);
      if (key === 'properties' || key === '$defs') {
        for (const sub of Object.values(child)) uncheckedKeywords(sub, found);
      } else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf']
        .includes(key)) {
        uncheckedKeywords(child, found);
      }
    }
    return found;
  }

  // =========================================================================================
  // What was received, per event type
  // =========================================================================================

  const contract = { root: null, hostMessage: null, types: [], loadError: null };
  const adapters = {};
  for (const name of ADAPTERS) {
    adapters[name] = { ready: false, lastSeq: 0, signedIn: false, sync: null };
  }
  const stats = new Map();
  const received = [];
  const waiters = [];
  const commands = new Map();
  const answeredIds = new Set();
  const script = { state: 'idle', steps: [], failed: false };
  let ignored = 0;
  let nextCommandId = 1;

  function statsFor(type) {
    if (!stats.has(type)) {
      stats.set(type, { call: 0, chat: 0, failures: 0, firstFailure: null });
    }
    return stats.get(type);
  }

  function adapterOf(source) {
    for (const name of ADAPTERS) {
      if (source !== null && frames[name].contentWindow === source) return name;
    }
    return null;
  }

  function parse(data, problems) {
    if (typeof data !== 'string') {
      problems.push(`not a JSON string: got ${typeOf(data)} ${preview(data)}`);
      return isObject(data) ? data : null;
    }
    try {
      return JSON.parse(data);
    } catch (error) {
      problems.push(`not valid JSON (${error.message})`);
      return null;
    }
  }

  function onMessage(event) {
    const adapter = adapterOf(event.source);
    if (adapter === null) {
      // Another window's message (an extension, another frame): a host ignores it.
      ignored += 1;
      byId('ignored').textContent = String(ignored);
      render();
      return;
    }
    const problems = [];
    if (event.origin !== ADAPTER_ORIGIN) {
      problems.push(`posted from origin ${event.origin}, not the adapter origin ${ADAPTER_ORIGIN}`);
    }
    const message = parse(event.data, problems);
    const type = isObject(message) && typeof message.type === 'string' ? message.type : UNREADABLE;
    if (message !== null) {
      if (contract.hostMessage === null) {
        problems.push(`the schema did not load (${contract.loadError}), nothing to check against`);
      } else {
        const error = validate(contract.root, contract.hostMessage, message, '');
        if (error !== null) problems.push(`schema: ${error}`);
      }
    }
    if (isObject(message)) checkEnvelope(adapter, type, message, problems);
    if (isObject(message) && (type === 'Ack' || type === 'Error')) {
      checkAnswer(adapter, type, message, problems);
    }

    const row = statsFor(type);
    row[adapter] += 1;
    if (problems.length > 0) {
      row.failures += 1;
      if (row.firstFailure === null) row.firstFailure = `${adapter}: ${problems[0]}`;
    }
    const entry = { adapter, type, message, problems, raw: event.data, at: Date.now() };
    received.push(entry);
    appendLog(entry);
    render();
    for (const waiter of waiters.slice()) waiter(entry);
  }

  function checkEnvelope(adapter, type, message, problems) {
    const state = adapters[adapter];
    if (message.v !== PROTOCOL_VERSION) {
      problems.push(`v is ${preview(message.v)}, the protocol version is ${PROTOCOL_VERSION}`);
    }
    const seq = message.seq;
    if (!Number.isInteger(seq)) return;
    // A replay repeats an event already posted (Adapter_Ready included): it starts nothing.
    if (message.replay === true) {
      if (state.sync === null) {
        problems.push('marked replay, but no Sync_Request is waiting for its answer');
      } else {
        state.sync.replays += 1;
        if (seq <= state.sync.sinceSeq) {
          problems.push(`replayed seq ${seq} is not after since_seq ${state.sync.sinceSeq}`);
        }
      }
      if (seq > state.lastSeq) {
        problems.push(`replayed seq ${seq} was never posted (the last seq was ${state.lastSeq})`);
      }
      return;
    }
    if (type === 'Adapter_Ready') {
      if (seq !== 1) problems.push(`Adapter_Ready has seq ${seq}; a new adapter starts at 1`);
      const data = isObject(message.data) ? message.data : {};
      if (data.adapter !== adapter) {
        problems.push(`Adapter_Ready says adapter ${preview(data.adapter)}, posted by the ` +
          `${adapter} frame`);
      }
      state.ready = true;
      state.lastSeq = seq;
      state.signedIn = false;
      return;
    }
    if (!state.ready) {
      problems.push(`the ${adapter} adapter's first message is ${type}, not Adapter_Ready`);
      state.ready = true;
      state.lastSeq = seq;
      return;
    }
    if (seq !== state.lastSeq + 1) {
      problems.push(seq <= state.lastSeq
        ? `seq ${seq} repeats or goes back (the last was ${state.lastSeq})`
        : `seq gap: ${seq} after ${state.lastSeq}`);
    }
    state.lastSeq = seq;
    // Only a conforming Agent_Login counts as the agent signing in.
    if (type === 'Agent_Login' && problems.length === 0) state.signedIn = true;
    if (type === 'Agent_Logout') state.signedIn = false;
  }

  function checkAnswer(adapter, type, message, problems) {
    const data = isObject(message.data) ? message.data : {};
    const id = data.id;
    const command = commands.get(id);
    if (command === undefined) {
      problems.push(answeredIds.has(id)
        ? `a second answer to command ${preview(id)}`
        : `answers ${preview(id)}, an id the kit never sent`);
      return;
    }
    commands.delete(id);
    answeredIds.add(id);
    if (command.adapter !== adapter) {
      problems.push(`the answer to ${id} came from the ${adapter} adapter; it went to ` +
        command.adapter);
    }
    if (data.command !== command.type) {
      problems.push(`the answer to ${id} names command ${preview(data.command)}, sent was ` +
        command.type);
    }
    command.resolve({ type, data, message });
  }

  // =========================================================================================
  // Rendering
  // =========================================================================================

  function rowResult(row) {
    if (row.call + row.chat === 0) return 'unseen';
    return row.failures > 0 ? 'fail' : 'pass';
  }

  function verdict() {
    const failing = [...stats.entries()].filter(([, row]) => row.failures > 0);
    if (contract.loadError !== null) {
      return { state: 'fail', word: 'Fail', detail: `The schema did not load: ${contract.loadError}` };
    }
    if (failing.length > 0 || script.failed) {
      const parts = failing.map(([type, row]) => `${type} (${row.failures})`);
      if (script.failed) parts.push('the scripted session');
      return { state: 'fail', word: 'Fail', detail: `Failing: ${parts.join(', ')}.` };
    }
    const total = received.length;
    const seen = [...stats.values()].filter((row) => row.call + row.chat > 0).length;
    const summary = `${total} message${total === 1 ? '' : 's'}, ${seen} event type` +
      `${seen === 1 ? '' : 's'}, all conforming.`;
    if (script.state === 'running') return { state: 'running', word: 'Running…', detail: summary };
    if (script.state === 'done') return { state: 'pass', word: 'Pass', detail: summary };
    return {
      state: 'idle',
      word: 'Not run',
      detail: total === 0 ? 'Waiting for the adapters…' : `${summary} Sign in, then press Run.`,
    };
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.append(td);
    return td;
  }

  function render() {
    const body = byId('types-body');
    body.replaceChildren();
    const known = new Set(contract.types);
    const order = contract.types.concat([...stats.keys()].filter((type) => !known.has(type)));
    const unseen = [];
    for (const type of order) {
      const row = statsFor(type);
      const result = rowResult(row);
      if (result === 'unseen') {
        unseen.push(type);
        continue;
      }
      const tr = document.createElement('tr');
      tr.dataset.testid = `kit-type-${type}`;
      tr.dataset.result = result;
      tr.className = `types__row types__row--${result}`;
      const name = cell(tr, type, 'types__name');
      if (!known.has(type)) name.title = 'Not a type of the schema';
      cell(tr, String(row.call), 'num');
      cell(tr, String(row.chat), 'num');
      const badge = document.createElement('span');
      badge.className = `badge badge--${result}`;
      badge.textContent = result === 'pass' ? 'pass' : `fail ×${row.failures}`;
      cell(tr, '').append(badge);
      cell(tr, row.firstFailure === null ? '' : row.firstFailure, 'types__reason');
      body.append(tr);
    }
    if (body.children.length === 0) {
      const tr = document.createElement('tr');
      const td = cell(tr, 'Nothing received yet.', 'types__empty');
      td.colSpan = 5;
      body.append(tr);
    }
    byId('unseen').textContent = unseen.length === 0 ? 'none — every type was seen' : unseen.join(', ');
    const total = received.length;
    const replays = received.filter((entry) => isObject(entry.message) &&
      entry.message.replay === true).length;
    byId('totals').textContent = `${total} message${total === 1 ? '' : 's'}` +
      (replays === 0 ? '' : `, ${replays} of them replays`);

    for (const name of ADAPTERS) {
      const state = adapters[name];
      if (!state.ready) continue;
      const label = byId(`state-${name}`);
      label.dataset.state = state.signedIn ? 'signed-in' : 'ready';
      label.textContent = state.signedIn ? 'signed in' : 'ready';
    }

    const result = verdict();
    const box = byId('verdict');
    box.dataset.verdict = result.state;
    byId('verdict-word').textContent = result.word;
    byId('verdict-detail').textContent = result.detail;
    window.__conformanceReport = report(result);
  }

  function report(result) {
    const types = {};
    for (const [type, row] of stats.entries()) {
      if (row.call + row.chat > 0) {
        types[type] = { call: row.call, chat: row.chat, result: rowResult(row),
          firstFailure: row.firstFailure };
      }
    }
    return {
      verdict: result.state,
      detail: result.detail,
      types,
      unseen: contract.types.filter((type) => !types[type]),
      steps: script.steps.map((step) => ({ title: step.title, state: step.state,
        detail: step.detail })),
      messages: received.length,
      ignored,
    };
  }

  function appendLog(entry) {
    const item = document.createElement('li');
    const ok = entry.problems.length === 0;
    item.className = `log__item log__item--${ok ? 'pass' : 'fail'}`;
    item.dataset.type = entry.type;
    const head = document.createElement('div');
    head.className = 'log__head';
    const type = document.createElement('span');
    type.className = 'log__type';
    type.textContent = entry.type;
    const meta = document.createElement('span');
    meta.className = 'log__meta';
    const seq = isObject(entry.message) && Number.isInteger(entry.message.seq)
      ? `seq ${entry.message.seq}` : 'no seq';
    const replay = isObject(entry.message) && entry.message.replay === true ? ' · replay' : '';
    meta.textContent = `${entry.adapter} · ${seq}${replay}`;
    const badge = document.createElement('span');
    badge.className = `badge badge--${ok ? 'pass' : 'fail'}`;
    badge.textContent = ok ? 'pass' : 'fail';
    head.append(type, meta, badge);
    item.append(head);
    for (const problem of entry.problems) {
      const line = document.createElement('p');
      line.className = 'log__problem';
      line.textContent = problem;
      item.append(line);
    }
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'message';
    const pre = document.createElement('pre');
    pre.textContent = typeof entry.raw === 'string' ? entry.raw : preview(entry.raw);
    details.append(summary, pre);
    item.append(details);
    const list = byId('log');
    list.prepend(item);
    while (list.children.length > MAX_LOG_ENTRIES) list.lastElementChild.remove();
  }

  // =========================================================================================
  // Talking to the adapters and to the simulators
  // =========================================================================================

  function sendCommand(adapter, type, data) {
    const id = `kit-${nextCommandId++}`;
    const message = { type, id };
    if (data !== undefined) message.data = data;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        commands.delete(id);
        reject(new Error(`no Ack or Error for ${type} ${id} from the ${adapter} adapter ` +
          `within ${COMMAND_TIMEOUT_MS / 1000} s`));
      }, COMMAND_TIMEOUT_MS);
      commands.set(id, {
        adapter,
        type,
        resolve: (answer) => {
          window.clearTimeout(timer);
          resolve(answer);
        },
      });
      frames[adapter].contentWindow.postMessage(JSON.stringify(message), ADAPTER_ORIGIN);
    });
  }

  // Resolves with the first entry (from `since` on) that `matches`.
  function waitFor(what, matches, since, timeoutMs) {
    const earlier = received.slice(since).find(matches);
    if (earlier !== undefined) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const waiter = (entry) => {
        if (!matches(entry)) return;
        done();
        resolve(entry);
      };
      const timer = window.setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      function done() {
        window.clearTimeout(timer);
        waiters.splice(waiters.indexOf(waiter), 1);
      }
      waiters.push(waiter);
    });
  }

  function until(what, condition, timeoutMs) {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        if (condition()) {
          resolve();
        } else if (Date.now() - started > timeoutMs) {
          reject(new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s`));
        } else {
          window.setTimeout(poll, 200);
        }
      };
      poll();
    });
  }

  const sleep = (ms) => new Promise((resolve) => window.setTimeout(resolve, ms));

  async function simulator(method, path, body) {
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
    if (!response.ok) {
      const reason = isObject(payload) && typeof payload.message === 'string'
        ? payload.message : preview(payload);
      throw new Error(`${method} ${path}: HTTP ${response.status} ${reason}`);
    }
    return payload;
  }

  function of(adapter, type, test) {
    return (entry) => entry.adapter === adapter && entry.type === type &&
      isObject(entry.message) && entry.message.replay !== true &&
      (test === undefined || test(isObject(entry.message.data) ? entry.message.data : {}));
  }

  function prompt(text) {
    const line = byId('prompt');
    line.hidden = text === null;
    line.textContent = text === null ? '' : text;
  }

  async function expectAck(adapter, type, data) {
    const answer = await sendCommand(adapter, type, data);
    if (answer.type !== 'Ack') {
      throw new Error(`${adapter}: ${type} was answered by Error ${preview(answer.data.code)}: ` +
        `${answer.data.message}`);
    }
    return answer;
  }

  async function expectError(adapter, type, data, code) {
    const answer = await sendCommand(adapter, type, data);
    if (answer.type !== 'Error') throw new Error(`${adapter}: ${type} was accepted (Ack)`);
    if (answer.data.code !== code) {
      throw new Error(`${adapter}: Error code ${preview(answer.data.code)}, expected ${code}`);
    }
    return `${adapter}: Error ${code} — “${answer.data.message}”`;
  }

  // =========================================================================================
  // The scripted session
  // =========================================================================================

  const session = {};

  const STEPS = [
    {
      title: 'Both adapters post Adapter_Ready',
      run: async () => {
        await until('Adapter_Ready from both adapters',
          () => ADAPTERS.every((name) => adapters[name].ready), READY_TIMEOUT_MS);
        return 'call and chat are ready';
      },
    },
    {
      title: 'The agent signs in in both adapters (Agent_Login)',
      run: async () => {
        prompt('Sign in as kim@example.com / demo-password in both adapters.');
        await until('Agent_Login from both adapters',
          () => ADAPTERS.every((name) => adapters[name].signedIn), PERSON_TIMEOUT_MS);
        return 'signed in in call and chat';
      },
    },
    {
      title: 'Sync_Request {since_seq: 0} replays the events, then Ack',
      run: async () => {
        const results = [];
        for (const name of ADAPTERS) {
          adapters[name].sync = { sinceSeq: 0, replays: 0 };
          try {
            const answer = await expectAck(name, 'Sync_Request', { since_seq: 0 });
            const replays = adapters[name].sync.replays;
            const result = isObject(answer.data.result) ? answer.data.result : {};
            if (result.replayed !== replays) {
              throw new Error(`${name}: the Ack says ${preview(result.replayed)} replayed, ` +
                `${replays} replays arrived`);
            }
            results.push(`${name}: ${replays} replayed`);
          } finally {
            adapters[name].sync = null;
          }
        }
        return results.join(', ');
      },
    },
    {
      title: 'Set_Theme (dark, a brand colour), then back to the system palette',
      run: async () => {
        for (const name of ADAPTERS) {
          await expectAck(name, 'Set_Theme',
            { mode: 'dark', vars: { '--aa-color-primary': '#7a2e9e' } });
          await expectAck(name, 'Set_Theme', { mode: 'system', vars: { '--aa-color-primary': '' } });
        }
        return 'Ack ×4';
      },
    },
    {
      title: 'Set_Theme with a url() value is refused',
      run: () => expectError('call', 'Set_Theme',
        { vars: { '--aa-color-primary': 'url(https://evil.test/x.png)' } }, 'invalid_data'),
    },
    {
      title: 'An unknown command is refused',
      run: () => expectError('chat', 'Make_Coffee', {}, 'unknown_command'),
    },
    {
      title: 'Set_Agent_Status available',
      run: async () => {
        await expectAck('call', 'Set_Agent_Status', { status: 'available' });
        return 'call: Ack';
      },
    },
    {
      title: 'Focus_Session on a session that does not exist is refused',
      run: () => expectError('call', 'Focus_Session', { call_id: 999999999 }, 'unknown_session'),
    },
    {
      title: 'A call rings (telephony simulator) and is answered: New_Call',
      run: async () => {
        const since = received.length;
        const rang = await simulator('POST', '/telephony/calls',
          { queue: 'sales-fr', callerPhone: '0033612345678' });
        session.externalId = rang.externalId;
        session.callId = isObject(rang.gatewayBody) ? rang.gatewayBody.callId : undefined;
        prompt('Answer the call in the call adapter.');
        const entry = await waitFor('New_Call', of('call', 'New_Call',
          (data) => session.callId === undefined || data.call_id === session.callId),
        since, PERSON_TIMEOUT_MS);
        session.callId = entry.message.data.call_id;
        return `call #${session.callId} answered`;
      },
    },
    {
      title: 'Focus_Session on the call',
      run: async () => {
        await expectAck('call', 'Focus_Session', { call_id: session.callId });
        return `call #${session.callId}: Ack`;
      },
    },
    {
      title: 'The caller hangs up: End_Call',
      run: async () => {
        const since = received.length;
        await simulator('POST', `/telephony/calls/${encodeURIComponent(session.externalId)}/hangup`);
        await waitFor('End_Call', of('call', 'End_Call', (data) => data.call_id === session.callId),
          since, COMMAND_TIMEOUT_MS);
        return `call #${session.callId} ended`;
      },
    },
    {
      title: 'The bot hands a chat over (Aimylogic simulator) and it is accepted: New_Chat',
      run: async () => {
        const since = received.length;
        const started = await simulator('POST', '/aimylogic/chats', {
          destinationId: '8469',
          userName: 'Conformance Kit',
          attributes: { email: 'kit@example.com', language: 'en' },
        });
        session.userId = started.userId;
        session.chatId = isObject(started.gatewayBody) ? started.gatewayBody.chatId : undefined;
        prompt('Accept the chat in the chat adapter.');
        const entry = await waitFor('New_Chat', of('chat', 'New_Chat',
          (data) => session.chatId === undefined || data.chat_id === session.chatId),
        since, PERSON_TIMEOUT_MS);
        session.chatId = entry.message.data.chat_id;
        return `chat #${session.chatId} accepted`;
      },
    },
    {
      title: 'Focus_Session on the chat',
      run: async () => {
        await expectAck('chat', 'Focus_Session', { chat_id: session.chatId });
        return `chat #${session.chatId}: Ack`;
      },
    },
    {
      title: 'The customer writes: Chat_Inbound_Message',
      run: async () => {
        const since = received.length;
        const text = `Conformance check ${new Date().toISOString()}`;
        await simulator('POST', `/aimylogic/chats/${encodeURIComponent(session.userId)}/text`,
          { text });
        await waitFor('Chat_Inbound_Message with the customer\'s text',
          of('chat', 'Chat_Inbound_Message', (data) => data.message === text),
          since, COMMAND_TIMEOUT_MS);
        return `“${text}”`;
      },
    },
    {
      title: 'The customer leaves: End_Chat',
      run: async () => {
        const since = received.length;
        await simulator('POST', `/aimylogic/chats/${encodeURIComponent(session.userId)}/close`, {});
        await waitFor('End_Chat', of('chat', 'End_Chat', (data) => data.chat_id === session.chatId),
          since, COMMAND_TIMEOUT_MS);
        return `chat #${session.chatId} ended`;
      },
    },
    {
      title: 'Late events settle; every command was answered once',
      run: async () => {
        await sleep(2000);
        if (commands.size > 0) {
          throw new Error(`unanswered: ${[...commands.keys()].join(', ')}`);
        }
        return `${answeredIds.size} commands, each answered once`;
      },
    },
  ];

  function renderSteps() {
    const list = byId('steps');
    list.replaceChildren();
    for (const step of script.steps) {
      const item = document.createElement('li');
      item.className = `step step--${step.state}`;
      item.dataset.testid = 'kit-step';
      item.dataset.state = step.state;
      const title = document.createElement('span');
      title.className = 'step__title';
      title.textContent = step.title;
      item.append(title);
      if (step.detail) {
        const detail = document.createElement('span');
        detail.className = 'step__detail';
        detail.textContent = step.detail;
        item.append(detail);
      }
      list.append(item);
    }
    render();
  }

  async function runScript() {
    const button = byId('run');
    button.disabled = true;
    script.state = 'running';
    script.failed = false;
    script.steps = STEPS.map((step) => ({ title: step.title, state: 'pending', detail: '' }));
    renderSteps();
    for (let i = 0; i < STEPS.length; i += 1) {
      const step = script.steps[i];
      step.state = 'running';
      renderSteps();
      try {
        step.detail = (await STEPS[i].run()) || '';
        step.state = 'pass';
      } catch (error) {
        step.state = 'fail';
        step.detail = error.message;
        script.failed = true;
        for (const later of script.steps.slice(i + 1)) later.state = 'skipped';
        break;
      } finally {
        prompt(null);
        renderSteps();
      }
    }
    script.state = 'done';
    button.disabled = false;
    button.textContent = 'Run again';
    render();
  }

  // =========================================================================================
  // Validator self-test: known good and bad messages, so a validator that passes everything
  // shows up here.
  // =========================================================================================

  const CALL = { agent_id: 1, agent_email: 'kim@example.com', call_id: 12,
    session_type: 'Voice Inbound' };
  const SELF_TEST = [
    ['HostMessage', true, { type: 'Adapter_Ready', seq: 1, v: 1,
      data: { adapter: 'call', version: '0.1.0', protocol_version: 1 } }],
    ['HostMessage', true, { type: 'New_Call', seq: 3, v: 1, data: CALL }],
    ['HostMessage', false, { type: 'New_Call', seq: 3, v: 1, data: { ...CALL, call_id: '12' } }],
    ['HostMessage', false, { type: 'New_Call', seq: 3, v: 1,
      data: { agent_email: 'kim@example.com', call_id: 12, session_type: 'Voice Inbound' } }],
    ['HostMessage', false, { type: 'New_Call', seq: -1, v: 1, data: CALL }],
    ['HostMessage', false, { type: 'New_Call', v: 1, data: CALL }],
    ['HostMessage', false, { type: 'Make_Coffee', seq: 3, v: 1, data: {} }],
    ['HostMessage', false, { type: 'Ack', seq: 3, v: 1, data: { command: 'Logout' } }],
    ['CommandMessage', true, { type: 'Focus_Session', id: 'c-1', data: { chat_id: 4 } }],
    ['CommandMessage', false, { type: 'Focus_Session', id: 'c-1', data: { chat: 4 } }],
    ['CommandMessage', false, { type: 'Set_Theme', id: 'c-2', data: { mode: 'blue' } }],
    ['CommandMessage', true, { type: 'Set_Theme', id: 'c-2',
      data: { mode: null, vars: { '--aa-color-primary': '#000' } } }],
  ];

  function selfTest() {
    const line = byId('selftest');
    const wrong = [];
    for (const [definition, valid, message] of SELF_TEST) {
      const schema = resolveRef(contract.root, `#/$defs/${definition}`);
      const error = validate(contract.root, schema, message, '');
      if ((error === null) !== valid) {
        wrong.push(`${message.type} ${valid ? 'refused' : 'accepted'}` +
          (error === null ? '' : ` (${error})`));
      }
    }
    line.dataset.state = wrong.length === 0 ? 'pass' : 'fail';
    line.textContent = wrong.length === 0
      ? `Validator self-test: ${SELF_TEST.length} of ${SELF_TEST.length} known good and bad ` +
        'messages judged as expected.'
      : `Validator self-test failed: ${wrong.join('; ')}`;
  }

  // =========================================================================================
  // Start: load the schema, then the adapters (so no message arrives before there is a
  // schema to check it against).
  // =========================================================================================

  async function loadSchema() {
    const state = byId('schema-state');
    try {
      const response = await fetch(config.schemaUrl, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const root = await response.json();
      const hostMessage = resolveRef(root, '#/$defs/HostMessage');
      if (!isObject(hostMessage) || !Array.isArray(hostMessage.oneOf)) {
        throw new Error('it has no #/$defs/HostMessage with oneOf');
      }
      contract.root = root;
      contract.hostMessage = hostMessage;
      contract.types = hostMessage.oneOf
        .map((branch) => isObject(branch.properties) && isObject(branch.properties.type)
          ? branch.properties.type.const : undefined)
        .filter((type) => typeof type === 'string');
      const unchecked = [...uncheckedKeywords(root, new Set())];
      state.dataset.state = unchecked.length === 0 ? 'ok' : 'warn';
      state.textContent = `schema: ${contract.types.length} event types` +
        (unchecked.length === 0 ? '' : ` · not checked: ${unchecked.join(', ')}`);
      selfTest();
    } catch (error) {
      contract.loadError = `${config.schemaUrl}: ${error.message}`;
      state.dataset.state = 'error';
      state.textContent = `schema did not load: ${error.message}`;
    }
  }

  function watchForSilence() {
    window.setTimeout(() => {
      for (const name of ADAPTERS) {
        if (adapters[name].ready) continue;
        const label = byId(`state-${name}`);
        label.dataset.state = 'silent';
        label.textContent = 'silent: is this page\'s origin in allowed_origins?';
      }
    }, READY_TIMEOUT_MS);
  }

  async function start() {
    window.addEventListener('message', onMessage);
    byId('adapter-origin').textContent = ADAPTER_ORIGIN;
    byId('run').addEventListener('click', runScript);
    render();
    await loadSchema();
    render();
    frames.call.src = config.callUrl;
    frames.chat.src = config.chatUrl;
    watchForSilence();
  }

  start();
})();
