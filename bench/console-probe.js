// Injected into every page the console bench opens (bench/console.ts), before the console's own scripts.
// Plain browser JavaScript, not TypeScript: it runs in Chromium, never in Node.
(() => {
  const probe = {
    longTasks: [],
    slowEvents: [],
    keystrokes: [],
    /** A macrotask after the next frame: the frame that shows what the last task changed has been produced. */
    afterNextPaint() {
      return new Promise((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(0);
        }),
      );
    },
    reset() {
      probe.longTasks.length = 0;
      probe.slowEvents.length = 0;
      probe.keystrokes.length = 0;
    },
    /** Whether `ready` holds now: its selector matches, with other text than `textNot`, and nothing matches `absent`. */
    holds(ready) {
      const element = document.querySelector(ready.selector);
      if (!element) return false;
      if (ready.textNot !== undefined && element.textContent === ready.textNot) return false;
      if (ready.absent && document.querySelector(ready.absent)) return false;
      return true;
    },
    text(selector) {
      return document.querySelector(selector)?.textContent ?? null;
    },
    /**
     * Milliseconds from the start of an action to the paint after `ready` first holds. The action starts at the next
     * pointer or key event's timestamp (a click or key sent by the bench), or now with `start: 'now'` and a `hash`.
     */
    measure(ready, options = {}) {
      return new Promise((resolve, reject) => {
        let started = options.start === 'now' ? performance.now() : undefined;
        let done = false;
        const timeout = setTimeout(() => finish(new Error(`not ready within ${options.timeoutMs ?? 30000} ms: ${JSON.stringify(ready)}`)), options.timeoutMs ?? 30000);
        const onInput = (event) => {
          if (started === undefined) started = event.timeStamp;
        };
        const check = () => {
          if (done || started === undefined || !probe.holds(ready)) return;
          done = true;
          observer.disconnect();
          probe.afterNextPaint().then((painted) => finish(undefined, painted - started));
        };
        const observer = new MutationObserver(check);
        function finish(error, ms) {
          clearTimeout(timeout);
          observer.disconnect();
          for (const type of ['pointerdown', 'mousedown', 'keydown']) document.removeEventListener(type, onInput, true);
          if (error) reject(error);
          else resolve(ms);
        }
        for (const type of ['pointerdown', 'mousedown', 'keydown']) document.addEventListener(type, onInput, true);
        observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
        if (options.hash !== undefined) location.hash = options.hash;
        check();
      });
    },
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  // Event Timing: input to the next paint as Chromium measures it (rounded to 8 ms), for events over 16 ms.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.slowEvents.push({ name: entry.name, start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'event', buffered: true, durationThreshold: 16 });
  // Keystroke → paint: from the keydown's timestamp to a task after the next frame.
  document.addEventListener(
    'keydown',
    (event) => {
      const started = event.timeStamp;
      probe.afterNextPaint().then((painted) => probe.keystrokes.push(painted - started));
    },
    true,
  );
  window.__probe = probe;
})();
