"""Runs a notebook from the UI of a real Jupyter front end (Debian's Jupyter Notebook 6) in headless Chromium, as a
user would: Cell > Run All, then watches the page.

Usage: JUPYTER_PATH=... /usr/bin/python3 drive_notebook.py NOTEBOOK_DIR NOTEBOOK SCREENSHOT_DIR
Prints one JSON object: progress texts seen while the training cell ran, charts drawn, errors, timings.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

root, notebook, shots = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(shots, exist_ok=True)
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
runtime = os.path.join(root, ".jupyter-runtime")
env = dict(os.environ, JUPYTER_RUNTIME_DIR=runtime, JUPYTER_CONFIG_DIR=os.path.join(root, ".jupyter-config"))
server = subprocess.Popen(
    ["jupyter-notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}", "--NotebookApp.token=",
     "--NotebookApp.password=", "--NotebookApp.disable_check_xsrf=True", f"--notebook-dir={root}"],
    env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
result = {"port": port}
driver = None
try:
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2)
            break
        except Exception:
            time.sleep(0.5)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,2000", f"--user-data-dir={os.path.join(root, '.chrome')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(30)
    driver.get(f"http://127.0.0.1:{port}/notebooks/{notebook}")
    js = driver.execute_script
    deadline = time.time() + 180
    while time.time() < deadline:
        if js("return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected());"):
            break
        time.sleep(0.5)
    result["kernel_connected"] = js("return !!(Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected());")
    result["kernel_name"] = js("return Jupyter.notebook.kernel ? Jupyter.notebook.kernel.name : null;")
    # The training cell: the code cell that calls study.Train.
    train_index = js("""return Jupyter.notebook.get_cells().findIndex(c => c.cell_type === 'code' && c.get_text().indexOf('study.Train(') >= 0);""")
    result["training_cell"] = train_index
    started = time.time()
    js("Jupyter.notebook.execute_all_cells();")
    seen, shot_during = [], False
    state_js = """
        var cells = Jupyter.notebook.get_cells();
        var c = cells[arguments[0]];
        var prompt = c.element.find('.input_prompt').text();
        var texts = c.element.find('.pneumo-progress-text').map(function(){ return this.textContent; }).get();
        var pending = cells.filter(x => x.cell_type === 'code' && (x.element.find('.input_prompt').text().indexOf('*') >= 0)).length;
        return {prompt: prompt, texts: texts, pending: pending, busy: Jupyter.notebook.kernel_busy};"""
    finished_training = None
    while time.time() - started < 1200:
        state = js(state_js, train_index)
        running = "*" in state["prompt"]
        if running and state["texts"]:
            if not seen or seen[-1] != state["texts"][-1]:
                seen.append(state["texts"][-1])
            if len(seen) >= 2 and not shot_during:
                driver.save_screenshot(os.path.join(shots, "training-running.png"))
                shot_during = True
        if finished_training is None and not running and "[" in state["prompt"] and any(ch.isdigit() for ch in state["prompt"]):
            finished_training = time.time() - started
        if state["pending"] == 0 and not state["busy"] and finished_training is not None:
            break
        time.sleep(0.1)
    result["seconds"] = round(time.time() - started, 1)
    result["training_finished_after"] = finished_training
    result["progress_seen_while_running"] = seen
    result["errors"] = js("return $('.output_error').map(function(){ return this.textContent.slice(0, 300); }).get();")
    result["unexecuted"] = js("return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code' && !/\\[\\d+\\]/.test(c.element.find('.input_prompt').text())).length;")
    result["charts"] = js("""return $('.pneumo-chart').map(function(){
        return {svg: $(this).find('svg.main-svg').length, traces: $(this).find('g.trace, g.scatterlayer path, g.barlayer path').length,
                text: this.innerText.slice(0, 120)}; }).get();""")
    result["final_progress"] = js("return $('.pneumo-progress-text').map(function(){ return this.textContent; }).get();")
    height = js("return Math.max(document.body.scrollHeight, document.getElementById('notebook').scrollHeight);")
    driver.set_window_size(1280, min(max(2000, int(height) + 200), 16000))
    js("$('#site').css('height', 'auto'); $('#site').css('overflow', 'visible');")
    time.sleep(1)
    driver.save_screenshot(os.path.join(shots, "after-run-all.png"))
finally:
    if driver is not None:
        driver.quit()
    server.terminate()
    try:
        log = server.communicate(timeout=20)[0].decode(errors="replace")
    except subprocess.TimeoutExpired:
        server.kill()
        log = ""
    result["server_log_tail"] = log[-1500:]
print(json.dumps(result))
