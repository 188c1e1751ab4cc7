"""Drives the pneumo-csharp kernel with jupyter_client (Debian's python3-jupyter-client), as Jupyter and VS Code do.

Usage: JUPYTER_PATH=... /usr/bin/python3 drive_kernel.py NOTEBOOKS_DIR
Prints one line per check, "name: value", for the C# test to assert on.
"""
import queue
import sys
import time

import jupyter_client
from jupyter_client.session import Session

km, kc = jupyter_client.manager.start_new_kernel(kernel_name="pneumo-csharp", startup_timeout=180, cwd=sys.argv[1])


def run(code, timeout=180):
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, allow_stdin=False, output_hook=lambda m: outputs.append((m["msg_type"], m["content"])))
    return reply["content"], outputs


try:
    info = kc.kernel_info(reply=True, timeout=60)["content"]
    print("kernel_info:", info["status"], info["protocol_version"], info["language_info"]["name"])
    reply, out = run('Console.WriteLine("hello from C#");')
    print("print:", reply["status"], "|".join(c["text"].strip() for t, c in out if t == "stream"))
    reply, out = run("1 + 41")
    print("result:", reply["status"], reply["execution_count"], ",".join(sorted(k for t, c in out if t == "execute_result" for k in c["data"])))
    print("result_text:", "|".join(c["data"]["text/plain"] for t, c in out if t == "execute_result"))
    states = [c["execution_state"] for t, c in out if t == "status"]
    print("status:", ",".join(states))
    reply, out = run('#load "setup.csx"\nusing Pneumo.Charts;\nStudyCharts.Bars(new[] { "a", "b" }, new[] { 1.0, 2.0 }, "test chart")')
    bundles = [c["data"] for t, c in out if t in ("execute_result", "display_data")]
    figure = bundles[0].get("application/vnd.plotly.v1+json") if bundles else None
    print("chart:", reply["status"], isinstance(figure, dict) and figure["data"][0]["y"] == [1.0, 2.0],
          "Plotly.newPlot" in bundles[0].get("text/html", "") if bundles else False)
    # plotly.js travels with the first chart's HTML fallback only (once per notebook session).
    reply, out = run('StudyCharts.Bars(new[] { "c" }, new[] { 3.0 }, "second chart")')
    second = [c["data"] for t, c in out if t in ("execute_result", "display_data")][0]
    print("plotly_once:", len(bundles[0]["text/html"]) > 1_000_000, len(second["text/html"]) < 100_000)
    # A chart built with Plotly.NET's own API gets the same offline outputs.
    reply, out = run('Plotly.NET.CSharp.Chart.Point<double, double, string>(new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 })')
    own = [c["data"] for t, c in out if t in ("execute_result", "display_data")]
    print("plotly_net:", reply["status"], bool(own) and isinstance(own[0].get("application/vnd.plotly.v1+json"), dict),
          bool(own) and "cdn" not in own[0].get("text/html", "cdn").lower())

    # Output arrives while the cell runs: the first line long before the reply.
    times = {}
    def hook(m):
        if m["msg_type"] == "stream" and "first" in m["content"]["text"]:
            times.setdefault("first", time.time())
    reply = kc.execute_interactive('Console.WriteLine("first"); System.Threading.Thread.Sleep(3000); Console.WriteLine("second");', timeout=60, output_hook=hook)
    times["reply"] = time.time()
    print("live_delay:", reply["content"]["status"], round(times["reply"] - times.get("first", times["reply"]), 2))

    # Displays with ids, updated in place; clear_output.
    reply, out = run('var d = display("one"); System.Threading.Thread.Sleep(300); d.Update("two"); Pneumo.Runner.Display.Cell.ClearOutput(); Console.WriteLine("after clear");')
    shown = [c for t, c in out if t == "display_data"]
    updated = [c for t, c in out if t == "update_display_data"]
    same_id = bool(shown) and bool(updated) and shown[0]["transient"].get("display_id") == updated[0]["transient"].get("display_id") is not None
    order = [t for t, c in out if t in ("display_data", "update_display_data", "clear_output", "stream")]
    print("display_update:", same_id, "two" in updated[0]["data"]["text/plain"] if updated else False, ",".join(order))

    # After setup.csx the kernel has imported the library's namespaces: no using cell in the notebooks.
    reply, out = run('new TrainingConfig { Task = TrainingTask.Segmentation }.Task')
    print("imports:", reply["status"], ",".join(c["data"]["text/plain"] for t, c in out if t == "execute_result"))

    # The progress display of a long operation: one display, updated several times while the cell runs.
    reply, out = run('var p = new Pneumo.Runner.Display.ProgressDisplay(); for (int i = 1; i <= 8; i++) { p.Report(new WorkProgress("work", i, 8)); System.Threading.Thread.Sleep(300); }')
    print("progress:", reply["status"], len([1 for t, c in out if t == "display_data"]), len([1 for t, c in out if t == "update_display_data"]) >= 3)

    # Inspect (hover / Shift+Tab), comm_info, history.
    def ask(send):
        msg_id = send()
        while True:
            reply = kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]
    code = "Console.WriteLine"
    insp = ask(lambda: kc.inspect(code, len(code)))
    print("inspect:", insp["status"], insp["found"], "WriteLine" in insp["data"].get("text/plain", "") + insp["data"].get("text/markdown", ""))
    print("comm_info:", ask(lambda: kc.comm_info())["status"])
    print("history:", ask(lambda: kc.history(hist_access_type="tail", n=10))["status"])

    # Standard input: an input_request answered by the front end.
    out2 = []
    reply = kc.execute_interactive('Console.WriteLine("read " + Console.ReadLine());', timeout=60, allow_stdin=True,
                                   stdin_hook=lambda m: kc.input("pneumo"), output_hook=lambda m: out2.append((m["msg_type"], m["content"])))
    print("input:", reply["content"]["status"], "read pneumo" in "".join(c.get("text", "") for t, c in out2 if t == "stream"))
    reply, out = run('Console.ReadLine()')
    print("input_refused:", reply["status"], "allow_stdin" in reply.get("evalue", ""))
    reply, out = run('throw new InvalidOperationException("boom");')
    print("error:", reply["status"], reply.get("ename"), "|".join(c["evalue"] for t, c in out if t == "error"))
    reply, out = run("6 * 7")
    print("alive:", reply["status"])
    first = ask(lambda: kc.is_complete("if (true) {"))
    print("is_complete:", first["status"], ask(lambda: kc.is_complete("var x = 1;"))["status"])
    reply = ask(lambda: kc.complete("Console.Wri"))
    print("complete:", reply["status"], "WriteLine" in reply["matches"])

    # A message signed with the wrong key is ignored: no reply; the next good one is answered.
    bad = Session(key=b"not-the-key", username="test")
    sent = bad.send(kc.shell_channel.socket, "kernel_info_request", {})
    answered = False
    try:
        while True:  # anything that arrives within 5 s
            answered = answered or kc.get_shell_msg(timeout=5)["parent_header"].get("msg_id") == sent["header"]["msg_id"]
    except queue.Empty:
        pass
    print("bad_signature_ignored:", not answered)
    print("after_bad_signature:", kc.kernel_info(reply=True, timeout=60)["content"]["status"])

    msg_id = kc.execute("System.Threading.Thread.Sleep(120000);")
    time.sleep(3)
    started = time.time()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=60)
    print("interrupt:", reply["parent_header"].get("msg_id") == msg_id, reply["content"]["status"], reply["content"].get("ename"), round(time.time() - started, 2))
    # A long operation of the library stops at its next step through the cell's token.
    msg_id = kc.execute("for (int i = 0; i < 600; i++) { Pneumo.Runner.Display.Cell.Cancellation.ThrowIfCancellationRequested(); System.Threading.Thread.SpinWait(2_000_000); }")
    time.sleep(3)
    started = time.time()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=60)
    print("interrupt_token:", reply["parent_header"].get("msg_id") == msg_id, reply["content"]["status"], round(time.time() - started, 2))
    reply, out = run("3 * 14", timeout=120)
    print("after_interrupt:", reply["status"])
finally:
    km.shutdown_kernel(now=False)
    print("shutdown:", not km.is_alive())
