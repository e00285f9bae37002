"""Drive JupyterLab in headless Chromium: open a notebook, run every cell, move its sliders.

Used by the browser tests (``tests/browser``, ``tests/lite``) and the latency benchmarks
(``benchmarks/browser.py``, ``benchmarks/lite.py``)::

    with LabServer("notebooks", tmp_dir / "lab") as lab, sync_playwright() as pw:
        page = launch_browser(pw, tmp_dir / "profile").new_page()
        nb = NotebookPage.open(page, lab, "07_momentum.ipynb")
        nb.run_all()
        nb.problems()                       # [] when no error output and every widget rendered
        for s in nb.sliders():              # every slider, with its dashboard ("box")
            seconds = nb.press(s["index"], "ArrowRight")   # key press to new image, or None

The server runs on a free loopback port with a random token, with its own configuration,
settings, workspace and checkpoint directories (nothing of the user's setup or of a previous
run leaks in, nothing is written next to the notebooks), autosave off, and the notebook
windowing mode "none" (every cell stays in the page, so every slider can be found).

The same pages drive the in-browser course (JupyterLite, ``make lite``): ``LiteServer`` serves
the built site as static files, the kernel runs in the page (Pyodide), so the page's own
session is the only view of it, and :func:`lite_settings` gives the page the same settings,
in its own storage, as a learner could::

    with LiteServer("build/site/lite") as lite, sync_playwright() as pw:
        page = launch_browser(pw, tmp_dir / "profile", offline=True).new_page()
        lite_settings(page, lite)
        nb = NotebookPage.open(page, lite, "07_momentum.ipynb")
        nb.run_all()
        seconds = nb.click_track(0)     # click the slider's track: seconds to new image
"""

import functools
import http.server
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "LabServer", "LiteServer", "launch_browser"]
__all__ += ["lite_settings", "NotebookPage"]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The environment the kernels inherit, as for nbval (make test); the caller's values win.
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_config(tmp):
    """Settings, an empty workspace dir and a python3 kernel of this interpreter under tmp."""
    for name, values in SETTINGS.items():
        path = tmp / "settings" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    kernel = tmp / "data" / "kernels" / "python3" / "kernel.json"
    kernel.parent.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec = {"argv": argv, "display_name": "Python 3 (ipykernel)", "language": "python"}
    kernel.write_text(json.dumps(spec))
    (tmp / "workspaces").mkdir()


class LabServer:
    """JupyterLab serving ``root_dir`` on 127.0.0.1 with a token; a context manager.

    ``tmp`` is an empty directory for its configuration and log (``tmp / "lab.log"``).
    """

    def __init__(self, root_dir, tmp, timeout=120):
        self.root_dir, self.tmp, self.timeout = Path(root_dir).resolve(), Path(tmp), timeout
        self.token, self.port = secrets.token_hex(16), _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._proc = self._log = None

    def __enter__(self):
        _write_config(self.tmp)
        env = {**KERNEL_ENV, **os.environ}
        env.update(
            JUPYTER_CONFIG_DIR=str(self.tmp / "config"),
            JUPYTER_DATA_DIR=str(self.tmp / "data"),
            JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
        )
        flags = ["--no-browser", f"--port={self.port}", "--ServerApp.port_retries=0"]
        flags += ["--ip=127.0.0.1", f"--IdentityProvider.token={self.token}"]
        flags += [f"--ServerApp.root_dir={self.root_dir}", "--LabApp.expose_app_in_browser=True"]
        flags += [f"--LabApp.user_settings_dir={self.tmp / 'settings'}"]
        flags += [f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}"]
        flags += [f"--FileCheckpoints.checkpoint_dir={self.tmp / 'checkpoints'}"]
        if os.name == "posix" and os.geteuid() == 0:
            flags.append("--allow-root")
        self._log = open(self.tmp / "lab.log", "w")  # closed in __exit__
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", *flags],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_until_up(self):
        deadline = time.monotonic() + self.timeout
        while True:
            if self._proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({self._proc.returncode}):\n{self.log()}")
            try:
                self.api("status")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"JupyterLab did not answer:\n{self.log()}") from None
                time.sleep(0.1)  # polling a server that is not listening yet

    def log(self, chars=4000):
        """The end of the server's log."""
        return (self.tmp / "lab.log").read_text(errors="replace")[-chars:]

    def api(self, path, method="GET", body=None):
        """JSON answer of the REST API at ``/api/<path>`` (or None when empty)."""
        request = urllib.request.Request(
            f"{self.url}/api/{path}?token={self.token}",
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method=method,
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def session(self, path):
        """The server's session of the notebook at ``path`` (relative to root_dir), or None."""
        return next((s for s in self.api("sessions") if s["path"] == path), None)

    def start_kernel(self, path):
        """Start the kernel of the notebook at ``path`` ahead of opening it (JupyterLab then
        connects to this session instead of starting one)."""
        if self.session(path) is None:
            body = {"path": path, "name": path, "type": "notebook", "kernel": {"name": "python3"}}
            self.api("sessions", "POST", body)

    def lab_url(self, path):
        return f"{self.url}/lab/tree/{urllib.parse.quote(path)}?token={self.token}"

    def kernel_ready(self, page, path):
        """Whether the server sees the notebook's kernel idle with a connection (its view of
        the session lags the page's by a moment)."""
        kernel = (self.session(path) or {}).get("kernel") or {}
        return kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1

    def close_notebook(self, page, path):
        """Close the notebook at ``path`` in ``page`` without saving; shut its kernel down."""
        page.evaluate(_CLOSE_JS, path)
        session = self.session(path)
        if session is not None:
            self.api(f"sessions/{session['id']}", method="DELETE")

    def __exit__(self, *exc):
        if self._proc is not None:
            self._proc.terminate()  # the server shuts its kernels down
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
            try:  # whatever is left of the server's process group (its own session)
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._proc.wait()
        if self._log is not None:
            self._log.close()


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, with the types JupyterLite needs, quiet, each response recorded."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".ipynb": "application/json",
        ".whl": "application/zip",
    }

    def __init__(self, *args, served, **kwargs):
        self._served = served
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):
        pass

    def send_response(self, code, message=None):
        super().send_response(code, message)
        self._status = code

    def send_header(self, keyword, value):
        if keyword.lower() == "content-length":
            self._length = int(value)
        super().send_header(keyword, value)

    def end_headers(self):
        # Each response once: path, status, bytes of the body (0 when none was sent).
        self._served.append((self.path, self._status, getattr(self, "_length", 0)))
        super().end_headers()


class LiteServer:
    """A built JupyterLite site (``make lite``) served as static files on 127.0.0.1 by a
    thread of this process; a context manager. The kernel runs in the browser page.

    ``served`` lists every response: (path, status, bytes of its body).
    """

    def __init__(self, root):
        self.root = Path(root).resolve()
        if not (self.root / "jupyter-lite.json").exists():
            raise FileNotFoundError(f"no JupyterLite site in {self.root}: run make lite")
        self.served, self.url, self._httpd = [], None, None
        self.closed_sessions = set()  # ids of the sessions of the notebooks closed so far

    def __enter__(self):
        handler = functools.partial(_StaticHandler, directory=str(self.root), served=self.served)
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._httpd.shutdown()
        self._httpd.server_close()

    def log(self, chars=4000):
        """The last responses that were not successes."""
        bad = [f"{status} {path}" for path, status, _ in self.served if status >= 400]
        return "\n".join(bad)[-chars:]

    def lab_url(self, path):
        return f"{self.url}/lab/index.html?path={urllib.parse.quote(path)}"

    def kernel_ready(self, page, path):
        """The page's own session is the only view of its kernel (waited for already)."""
        return True

    def close_notebook(self, page, path):
        """Shut the notebook's kernel down (it runs in the page), then close the notebook
        without saving."""
        self.closed_sessions.add(page.evaluate(_SHUTDOWN_JS, path))
        page.evaluate(_CLOSE_JS, path)


def launch_browser(playwright, user_data_dir, width=1280, height=900, offline=False):
    """A headless Chromium context with a fresh profile in ``user_data_dir``.

    ``offline``: every request to an address other than the loopback fails, from the page,
    its workers and its service workers alike: it is sent to a closed loopback port as its
    proxy (Chromium never sends loopback requests to a proxy).
    """
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(
            f"no browser at {CHROMIUM}: install Debian's chromium "
            "(apt-get install chromium) or set CHROMIUM to a Chromium executable"
        )
    args = list(CHROMIUM_ARGS)
    if offline:
        args.append(f"--proxy-server=http://127.0.0.1:{_free_port()}")
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=CHROMIUM,
        headless=True,
        args=args,
        viewport={"width": width, "height": height},
    )


# Save the settings (plugin id: values) the page does not have yet; true if it saved any.
_SETTINGS_JS = """async (wanted) => {
  const settings = window.jupyterapp.serviceManager.settings;
  let saved = false;
  for (const [id, values] of Object.entries(wanted)) {
    const raw = JSON.parse((await settings.fetch(id)).raw || '{}');
    if (Object.entries(values).every(([k, v]) => JSON.stringify(raw[k]) === JSON.stringify(v)))
      continue;
    await settings.save(id, JSON.stringify({...raw, ...values}));
    saved = true;
  }
  return saved; }"""


def lite_settings(page, server, timeout=120):
    """Load the site's JupyterLab in ``page`` and give it the settings of :class:`LabServer`
    (windowing mode "none", so every cell stays in the page and every slider can be found;
    autosave off; no news), saved in the page's own storage as Settings would, reloading
    once."""
    page.goto(f"{server.url}/lab/index.html")
    page.wait_for_function("() => !!window.jupyterapp?.serviceManager", timeout=timeout * 1000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    wanted = {":".join(name.rsplit("/", 1)): values for name, values in SETTINGS.items()}
    if page.evaluate(_SETTINGS_JS, wanted):
        page.reload()
        page.wait_for_function("() => !!window.jupyterapp", timeout=timeout * 1000)
        page.evaluate("async () => { await window.jupyterapp.restored; }")


# Page-side helpers: the notebook panel of a path, found through the exposed application.
_PANEL = (
    "const panel = Array.from(window.jupyterapp?.shell.widgets('main') ?? [])"
    ".find((w) => w.context && w.context.path === path);"
)
_READY_JS = f"""(path) => {{ {_PANEL}
  const kernel = panel?.context.isReady && panel.sessionContext.session?.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle'; }}"""
# Count the notebook's saves (autosave is off and nothing should save it).
_WATCH_JS = f"""(path) => {{ {_PANEL}
  window.__labSaves = 0;
  panel.context.saveState.connect((_, s) => {{ if (s === 'started') window.__labSaves += 1; }});
}}"""
_OPEN_JS = (
    "async (path) => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }"
)
_SHUTDOWN_JS = f"""async (path) => {{ {_PANEL}
  const id = panel?.sessionContext.session?.id ?? null;
  if (panel) await panel.sessionContext.shutdown();
  return id; }}"""
_CLOSE_JS = f"""(path) => {{ {_PANEL}
  if (panel) {{ panel.context.model.dirty = false; panel.dispose(); }} }}"""
_RUN_JS = f"""async (path) => {{ {_PANEL}
  window.jupyterapp.shell.activateById(panel.id);
  await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');
  await window.jupyterapp.commands.execute('notebook:run-all-cells'); }}"""
# Done: the kernel is idle and every non-empty code cell has run, or one raised an error.
_DONE_JS = f"""(path) => {{ {_PANEL}
  const code = panel.content.widgets.map((c) => c.model)
    .filter((m) => m.type === 'code' && m.sharedModel.getSource().trim());
  const failed = code.some((m) => m.outputs.toJSON().some((o) => o.output_type === 'error'));
  return panel.sessionContext.session.kernel.status === 'idle'
    && (failed || code.every((m) => m.executionCount !== null)); }}"""
_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_PLACEHOLDERS = ("Loading widget...", "Error displaying widget")
# Settled: every widget output shows a widget view or an error message.
_SETTLED_JS = f"""(path) => {{ {_PANEL}
  return Array.from(panel.content.node.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="{_WIDGET_MIME}"]'))
    .every((o) => o.querySelector('.jupyter-widgets')
      || o.textContent.includes('{_PLACEHOLDERS[1]}'))
    && Array.from(panel.content.node.querySelectorAll('.jp-Cell-outputArea'))
      .every((o) => !o.textContent.includes('{_PLACEHOLDERS[0]}')); }}"""
_PROBLEMS_JS = f"""([path, placeholders]) => {{ {_PANEL}
  const out = [];
  panel.content.widgets.forEach((cell, i) => {{
    const m = cell.model;
    if (m.type !== 'code') return;
    if (m.sharedModel.getSource().trim() && m.executionCount === null)
      out.push(`cell ${{i}}: not run`);
    const errors = m.outputs.toJSON().filter((o) => o.output_type === 'error');
    for (const o of errors) out.push(`cell ${{i}}: ${{o.ename}}: ${{o.evalue}}`);
    const stderr = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
    if (!errors.length) cell.node.querySelectorAll(stderr).forEach((e) => {{
      if (e.textContent.includes('Traceback'))
        out.push(`cell ${{i}}: traceback on stderr: ${{e.textContent.slice(-300)}}`); }});
    const text = cell.node.querySelector('.jp-Cell-outputArea')?.textContent ?? '';
    for (const p of placeholders) if (text.includes(p)) out.push(`cell ${{i}}: "${{p}}"`);
  }});
  return out; }}"""
_STDERR_JS = f"""(path) => {{ {_PANEL}
  const out = [];
  panel.content.widgets.forEach((cell, i) => {{
    if (cell.model.type !== 'code') return;
    for (const o of cell.model.outputs.toJSON())
      if (o.output_type === 'stream' && o.name === 'stderr')
        out.push([i, [].concat(o.text).join('')]);
  }});
  return out; }}"""
# Tag every slider handle (data-lab-slider) and its dashboard (data-lab-box): the nearest
# enclosing VBox that holds an image, else the cell output it is in.
_SLIDERS_JS = f"""(path) => {{ {_PANEL}
  const cells = panel.content.widgets, boxes = [], out = [];
  panel.content.node.querySelectorAll('.jp-OutputArea-output .widget-slider').forEach((el) => {{
    const handle = el.querySelector('.noUi-handle');
    if (!handle || !el.querySelector('.noUi-target')?.noUiSlider) return;
    const area = el.closest('.jp-OutputArea-output');
    let box = el.parentElement;
    while (box !== area && !(box.classList.contains('widget-vbox') && box.querySelector('img')))
      box = box.parentElement;
    if (!boxes.includes(box)) boxes.push(box);
    const cell = cells.findIndex((c) => c.node.contains(el));
    const lines = cells[cell].model.sharedModel.getSource().trim().split('\\n');
    const last = lines[lines.length - 1].trim();
    handle.dataset.labSlider = out.length;
    box.dataset.labBox = boxes.indexOf(box);
    out.push({{index: out.length, box: boxes.indexOf(box), cell,
      name: /^[A-Za-z_]\\w*$/.test(last) ? last : `cell${{cell}}`,
      label: el.querySelector('.widget-label')?.textContent.trim() || `slider${{out.length}}`,
      has_image: !!box.querySelector('img')}});
  }});
  return out; }}"""
_STATE_JS = """(i) => {
  const handle = document.querySelector(`[data-lab-slider="${i}"]`);
  const el = handle.closest('.widget-slider'), api = el.querySelector('.noUi-target').noUiSlider;
  const box = handle.closest('[data-lab-box]');
  const note = box.querySelector('.widget-html-content')?.textContent ?? '';
  const error = /\\b[A-Z]\\w*(Error|Exception)\\b/.test(note) ? note : null;
  return {value: Number(api.get()), min: [].concat(api.options.range.min)[0],
    max: [].concat(api.options.range.max)[0], readout: el.querySelector('.widget-readout')
    ?.textContent.trim() ?? '', error, src: box.querySelector('img')?.src ?? null}; }"""
# Arm: time the next key press, input or pointer press and the first change of the box's
# image src.
_ARM_JS = """(i) => {
  const STARTS = ['keydown', 'input', 'pointerdown'];
  const box = document.querySelector(`[data-lab-slider="${i}"]`).closest('[data-lab-box]');
  const before = box.querySelector('img')?.src ?? null;
  const rec = (window.__labMove = {t0: null, t1: null});
  const start = () => { if (rec.t0 === null) rec.t0 = performance.now(); };
  for (const type of STARTS) document.addEventListener(type, start, {capture: true});
  const observer = new MutationObserver(() => {
    const src = box.querySelector('img')?.src;
    if (rec.t1 === null && src && src !== before) rec.t1 = performance.now();
  });
  const options = {subtree: true, childList: true, attributes: true, attributeFilter: ['src']};
  observer.observe(box, options);
  rec.stop = () => {
    observer.disconnect();
    for (const type of STARTS) document.removeEventListener(type, start, {capture: true});
  };
}"""


# Resolves once a noUiSlider track has no tap animation running (polled every 50 ms).
_TAP_DONE_JS = """el => new Promise(done => {
  const check = () => el.classList.contains("noUi-state-tap") ? setTimeout(check, 50) : done();
  check();
})"""


class NotebookPage:
    """One notebook open in JupyterLab in a browser page, with a running kernel."""

    def __init__(self, page, lab, path):
        self.page, self.lab, self.path = page, lab, path
        self.page_errors = []
        page.on("pageerror", self._on_error)

    def _on_error(self, error):
        self.page_errors.append(str(error))

    @classmethod
    def open(cls, page, lab, path, timeout=120):
        """Open ``path`` (relative to the server's root) in ``page`` (loading JupyterLab into
        it unless it shows it already) and wait until its kernel is connected and idle (Run
        All before that silently runs nothing)."""
        nb = cls(page, lab, path)
        if page.url.startswith(lab.url):
            page.evaluate(_OPEN_JS, path)
        else:
            page.goto(lab.lab_url(path))
        page.wait_for_function(_READY_JS, arg=path, timeout=timeout * 1000, polling=100)
        deadline = time.monotonic() + timeout
        while not lab.kernel_ready(page, path):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the kernel of {path} did not connect:\n{lab.log()}")
            time.sleep(0.1)  # the server's view of the session lags the page's by a moment
        page.evaluate(_WATCH_JS, path)
        return nb

    def run_all(self, timeout=300):
        """Clear the outputs, run all cells, wait for the kernel and the widget views."""
        self.page.evaluate(_RUN_JS, self.path)
        for condition, seconds in ((_DONE_JS, timeout), (_SETTLED_JS, 60)):
            try:
                self.page.wait_for_function(
                    condition, arg=self.path, timeout=seconds * 1000, polling=200
                )
            except PlaywrightTimeout:
                what = "the cells" if condition is _DONE_JS else "the widget views"
                raise TimeoutError(
                    f"{self.path}: {what} did not finish within {seconds} s: {self.problems()}"
                ) from None

    def problems(self):
        """Cells not run, error outputs, tracebacks on stderr, widget views not rendered."""
        found = self.page.evaluate(_PROBLEMS_JS, [self.path, list(_PLACEHOLDERS)])
        # JupyterLite looks a closed notebook's session up once more after its kernel has
        # shut down, and rejects with "Session <id> not found": nothing a learner sees.
        closed = getattr(self.lab, "closed_sessions", set())
        late = {f"Session {session} not found" for session in closed}
        return found + [f"page error: {e}" for e in self.page_errors if e not in late]

    def sliders(self):
        """Every slider: dicts with index, box (its dashboard), cell, name, label, has_image."""
        return self.page.evaluate(_SLIDERS_JS, self.path)

    def state(self, index):
        """Slider ``index``: value, min, max (as the slider counts), readout text, the
        dashboard's image src, and its readout text if that reports an error."""
        return self.page.evaluate(_STATE_JS, index)

    def _timed(self, index, act, timeout):
        self.page.evaluate(_ARM_JS, index)
        try:
            act()
            self.page.wait_for_function(
                "() => window.__labMove.t1 !== null", timeout=timeout * 1000, polling="raf"
            )
        except PlaywrightTimeout:
            pass  # no new image
        finally:
            t0, t1 = self.page.evaluate(
                "() => { const r = window.__labMove; r.stop(); return [r.t0, r.t1]; }"
            )
        return None if t0 is None or t1 is None else (t1 - t0) / 1000

    def press(self, index, key, timeout=30):
        """Focus the slider's handle and press ``key``; seconds from the key press to a new
        image in its dashboard, or None if the image did not change within ``timeout``."""
        handle = self.page.locator(f'[data-lab-slider="{index}"]')
        handle.scroll_into_view_if_needed()
        handle.focus()
        return self._timed(index, lambda: self.page.keyboard.press(key), timeout)

    def click_track(self, index, timeout=30):
        """Click the slider's track a quarter of its length from the end away from its
        handle (scrolled into view first); seconds from the click to a new image in its
        dashboard, or None if the image did not change within ``timeout``."""
        state = self.state(index)
        span = state["max"] - state["min"]
        at = (state["value"] - state["min"]) / span if span else 0.0
        handle = self.page.locator(f'[data-lab-slider="{index}"]')
        track = handle.locator("xpath=ancestor::*[contains(@class,'noUi-target')][1]")
        track.scroll_into_view_if_needed()
        # noUiSlider ignores a click on its track while the handle still moves to the last one
        # (its class "noUi-state-tap", 300 ms); a learner's next click comes later than that.
        track.evaluate(_TAP_DONE_JS)
        box = track.bounding_box()
        where = {"x": box["width"] * (0.75 if at < 0.5 else 0.25), "y": box["height"] / 2}
        return self._timed(index, lambda: track.click(position=where), timeout)

    def stderr(self):
        """Every text on stderr in the outputs: (cell index, text)."""
        return self.page.evaluate(_STDERR_JS, self.path)

    def type_value(self, index, text, timeout=30):
        """Type ``text`` into the slider's readout and press Enter; seconds to a new image."""
        slider = self.page.locator(f'[data-lab-slider="{index}"]')
        readout = slider.locator("xpath=ancestor::*[contains(@class,'widget-slider')][1]")
        readout = readout.locator(".widget-readout")

        def act():
            readout.fill(text.replace("\u2212", "-"))  # d3-format writes a minus sign
            readout.press("Enter")

        return self._timed(index, act, timeout)

    def screenshot(self, box, path):
        """Save a PNG of dashboard ``box`` (as numbered by :meth:`sliders`) to ``path``."""
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.page.locator(f'[data-lab-box="{box}"]').screenshot(path=str(path))

    def saves(self):
        """How many times the page has saved the notebook since it was opened."""
        return self.page.evaluate("() => window.__labSaves")

    def close(self):
        """Close the notebook without saving and shut its kernel down; the page stays."""
        self.page.remove_listener("pageerror", self._on_error)
        self.lab.close_notebook(self.page, self.path)
