"""Drive JupyterLab in headless Chromium: open a notebook, run every cell, move its sliders.

Used by the browser tests (``tests/browser``) and the latency benchmark
(``benchmarks/browser.py``)::

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
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "LabServer", "launch_browser", "NotebookPage"]

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


def launch_browser(playwright, user_data_dir, width=1280, height=900):
    """A headless Chromium context with a fresh profile in ``user_data_dir``."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(
            f"no browser at {CHROMIUM}: install Debian's chromium "
            "(apt-get install chromium) or set CHROMIUM to a Chromium executable"
        )
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": width, "height": height},
    )


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
# Arm: time the next key press (or input) and the first change of the box's image src.
_ARM_JS = """(i) => {
  const box = document.querySelector(`[data-lab-slider="${i}"]`).closest('[data-lab-box]');
  const before = box.querySelector('img')?.src ?? null;
  const rec = (window.__labMove = {t0: null, t1: null});
  const start = () => { if (rec.t0 === null) rec.t0 = performance.now(); };
  for (const type of ['keydown', 'input']) document.addEventListener(type, start, {capture: true});
  const observer = new MutationObserver(() => {
    const src = box.querySelector('img')?.src;
    if (rec.t1 === null && src && src !== before) rec.t1 = performance.now();
  });
  const options = {subtree: true, childList: true, attributes: true, attributeFilter: ['src']};
  observer.observe(box, options);
  rec.stop = () => {
    observer.disconnect();
    for (const type of ['keydown', 'input'])
      document.removeEventListener(type, start, {capture: true});
  };
}"""


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
        while not nb._kernel_connected():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the kernel of {path} did not connect:\n{lab.log()}")
            time.sleep(0.1)  # the server's view of the session lags the page's by a moment
        page.evaluate(_WATCH_JS, path)
        return nb

    def _kernel_connected(self):
        kernel = (self.lab.session(self.path) or {}).get("kernel") or {}
        return kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1

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
        return found + [f"page error: {e}" for e in self.page_errors]

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
        self.page.evaluate(_CLOSE_JS, self.path)
        session = self.lab.session(self.path)
        if session is not None:
            self.lab.api(f"sessions/{session['id']}", method="DELETE")
