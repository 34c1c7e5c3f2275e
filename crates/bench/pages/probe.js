// Installed by `browser-bench` in every frame before the frame's own scripts run (Chromium's
// Page.addScriptToEvaluateOnNewDocument). It changes nothing the adapter does; it records:
// - for each realtime stream message (`EventSource.onmessage`, which the adapter sets): when it
//   was dispatched (also on the wall clock), how long the handler ran, when the task and its
//   microtasks were done, how long the next animation frame's callbacks the handler asked for
//   ran with their microtasks (where the adapter renders a burst of stream changes), and when
//   that frame had been painted (all but the first two are left out for the latency run's
//   messages, see below);
// - every long task (> 50 ms) the browser reports for the frame.
(() => {
  "use strict";
  const probe = (window.__probe = { messages: [], longTasks: [] });
  probe.reset = () => { probe.messages = []; probe.longTasks = []; };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        // `name` says whose task it was: "self" is this frame's; an ancestor's or another
        // frame's are reported too when they share this frame's event loop.
        probe.longTasks.push({ start: entry.startTime, duration: entry.duration,
          name: entry.name });
      }
    }).observe({ type: "longtask" });
  } catch (_) { /* no longtask support: nothing recorded */ }
  if (typeof EventSource === "undefined") return;
  const proto = EventSource.prototype;
  const original = Object.getOwnPropertyDescriptor(proto, "onmessage");
  if (!original || !original.set) return;
  Object.defineProperty(proto, "onmessage", {
    configurable: true,
    enumerable: original.enumerable,
    get() { return original.get.call(this); },
    set(handler) {
      if (typeof handler !== "function") { original.set.call(this, handler); return; }
      original.set.call(this, function (event) {
        const start = performance.now();
        const label = /"(bench-[a-z]+ \d+) sent /.exec(event.data);
        // On the wall clock, like the host page's receive time and the sender's send time.
        const at = performance.timeOrigin + start;
        // The latency run's messages (1,000 a second) get only their dispatch time and
        // handler time: the task, frame and paint timings below cost a channel, two
        // animation-frame callbacks and a timer per message, which at that rate takes the
        // frame's main thread more time than the handler itself.
        const timed = !(label && label[1].startsWith("bench-rate"));
        // Runs just before the frame callbacks the handler registers, and the one registered
        // after the task just after them (and their microtasks).
        let frameStart = null;
        if (timed) requestAnimationFrame(() => { frameStart = performance.now(); });
        try {
          return handler.call(this, event);
        } finally {
          const record = { start, at, handler: performance.now() - start,
            label: label && label[1] };
          probe.messages.push(record);
          if (timed) {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              record.task = performance.now() - start;
              requestAnimationFrame(() => {
                if (frameStart !== null) record.render = performance.now() - frameStart;
              });
              requestAnimationFrame(() => setTimeout(() => {
                record.painted = performance.now() - start;
                if (record.label && record.label.startsWith("bench-append")) {
                  const list = document.querySelector('[data-testid="chat-transcript"]');
                  record.inDom = !!(list && list.textContent.includes(record.label + " sent"));
                }
              }, 0));
            };
            channel.port2.postMessage(null);
          }
        }
      });
    },
  });
})();
