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
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: outputs.append((m["msg_type"], m["content"])))
    return reply["content"], outputs


try:
    info = kc.kernel_info(reply=True, timeout=60)["content"]
    print("kernel_info:", info["status"], info["protocol_version"], info["language_info"]["name"])
    reply, out = run('Console.WriteLine("hello from C#");')
    print("print:", reply["status"], "|".join(c["text"].strip() for t, c in out if t == "stream"))
    reply, out = run("1 + 41")
    print("result:", reply["status"], reply["execution_count"], ",".join(sorted(k for t, c in out if t == "execute_result" for k in c["data"])))
    states = [c["execution_state"] for t, c in out if t == "status"]
    print("status:", ",".join(states))
    reply, out = run('#load "setup.csx"\nusing Pneumo.Charts;\nStudyCharts.Bars(new[] { "a", "b" }, new[] { 1.0, 2.0 }, "test chart")')
    html = [c["data"].get("text/html", "") for t, c in out if t in ("execute_result", "display_data")]
    print("chart:", reply["status"], "pneumo-chart" in "".join(html))
    reply, out = run('throw new InvalidOperationException("boom");')
    print("error:", reply["status"], reply.get("ename"), "|".join(c["evalue"] for t, c in out if t == "error"))
    reply, out = run("6 * 7")
    print("alive:", reply["status"])
    def ask(send):
        msg_id = send()
        while True:
            reply = kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

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
    print("interrupt:", reply["parent_header"].get("msg_id") == msg_id, reply["content"]["status"], round(time.time() - started) < 30)
    reply, out = run("3 * 14", timeout=120)
    print("after_interrupt:", reply["status"])
finally:
    km.shutdown_kernel(now=False)
    print("shutdown:", not km.is_alive())
