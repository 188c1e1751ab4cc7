using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Pneumo.Runner.Execution;
using NetMQ;
using NetMQ.Sockets;

namespace Pneumo.Runner.Kernel;

/// <summary>
/// The project's Jupyter kernel ("C# (Pneumo)"): the Jupyter messaging protocol v5.3 over ZeroMQ (NetMQ) in front of
/// the same in-process C# kernel as the headless runner. Heartbeat, shell, iopub, control and stdin channels;
/// HMAC-SHA256 signing (unsigned or wrongly signed messages are ignored); kernel_info, execute with outputs published
/// while the cell runs (stream, display_data with display ids, update_display_data, clear_output, execute_result,
/// error), input_request for a cell that reads standard input, inspect, is_complete, complete, comm_info, history,
/// interrupt (which ends a cell blocked in a sleep, and the library's long operations at their next batch) and shutdown.
/// </summary>
public sealed class JupyterKernelServer : IDisposable
{
    private readonly ConnectionInfo _connection;
    private readonly byte[] _key;
    private readonly string _session = Guid.NewGuid().ToString();
    private readonly RouterSocket _shell = new(), _control = new(), _stdin = new();
    private readonly PublisherSocket _iopub = new();
    private readonly ResponseSocket _heartbeat = new();
    private readonly NetMQQueue<(NetMQSocket Socket, NetMQMessage Frames)> _outgoing = new();
    private readonly NetMQPoller _poller;
    private readonly Channel<JupyterMessage> _executions = Channel.CreateUnbounded<JupyterMessage>();
    private readonly CellExecutor _executor = new();
    private readonly System.Collections.Concurrent.BlockingCollection<JupyterMessage> _inputReplies = new();
    private int _executionCount;
    private volatile JupyterMessage? _current;

    /// <summary>Binds the five sockets of <paramref name="connection"/>.</summary>
    public JupyterKernelServer(ConnectionInfo connection)
    {
        _connection = connection;
        _key = Encoding.UTF8.GetBytes(connection.Key);
        _shell.Bind(connection.Address(connection.ShellPort));
        _control.Bind(connection.Address(connection.ControlPort));
        _stdin.Bind(connection.Address(connection.StdinPort));
        _iopub.Bind(connection.Address(connection.IOPubPort));
        _heartbeat.Bind(connection.Address(connection.HeartbeatPort));
        Console.SetIn(new KernelInput(RequestInput));
        _poller = new NetMQPoller { _shell, _control, _stdin, _heartbeat, _outgoing };
        _shell.ReceiveReady += (_, e) => OnShell(e.Socket.ReceiveMultipartMessage());
        _control.ReceiveReady += (_, e) => OnControl(e.Socket.ReceiveMultipartMessage());
        _stdin.ReceiveReady += (_, e) =>
        {
            var message = JupyterMessage.Parse(e.Socket.ReceiveMultipartMessage(), _key);
            if (message?.Type == "input_reply") _inputReplies.Add(message);
        };
        _heartbeat.ReceiveReady += (_, e) => e.Socket.SendMultipartMessage(e.Socket.ReceiveMultipartMessage());
        _outgoing.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var item, TimeSpan.Zero)) item.Socket.SendMultipartMessage(item.Frames);
        };
    }

    /// <summary>Serves until a shutdown request.</summary>
    public async Task RunAsync()
    {
        var worker = Task.Run(ExecuteLoop);
        await Task.Run(() => _poller.Run());
        _executions.Writer.TryComplete();
        await worker;
    }

    private void Send(NetMQSocket socket, JupyterMessage message) => _outgoing.Enqueue((socket, message.ToFrames(_key)));

    private void Publish(JupyterMessage? parent, string type, JsonObject content) =>
        Send(_iopub, JupyterMessage.Reply(parent, type, content, _session, [Encoding.UTF8.GetBytes(type)]));

    private void Status(JupyterMessage? parent, string state) => Publish(parent, "status", new JsonObject { ["execution_state"] = state });

    private void OnShell(NetMQMessage frames)
    {
        var message = JupyterMessage.Parse(frames, _key);
        if (message is null) return; // unsigned or wrongly signed: ignored
        switch (message.Type)
        {
            case "execute_request":
                _executions.Writer.TryWrite(message);
                return;
            case "kernel_info_request":
                Reply(message, "kernel_info_reply", KernelInfo());
                return;
            case "is_complete_request":
                var code = message.Content["code"]?.GetValue<string>() ?? "";
                var complete = Microsoft.CodeAnalysis.CSharp.SyntaxFactory.IsCompleteSubmission(
                    Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(code, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(kind: Microsoft.CodeAnalysis.SourceCodeKind.Script)));
                Reply(message, "is_complete_reply", complete ? new JsonObject { ["status"] = "complete" } : new JsonObject { ["status"] = "incomplete", ["indent"] = "    " });
                return;
            case "complete_request":
                _ = CompleteAsync(message);
                return;
            case "inspect_request":
                _ = InspectAsync(message);
                return;
            case "comm_info_request":
                Reply(message, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                return;
            case "history_request":
                Reply(message, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() });
                return;
            case "comm_open":
                // No comm targets: tell the front end the comm is closed, as ipykernel does for an unknown target.
                Publish(message, "comm_close", new JsonObject { ["comm_id"] = message.Content["comm_id"]?.DeepClone(), ["data"] = new JsonObject() });
                return;
            case "comm_msg" or "comm_close":
                return;
            case "shutdown_request":
                OnControl(frames);
                return;
            default:
                Reply(message, message.Type.Replace("_request", "_reply", StringComparison.Ordinal), new JsonObject { ["status"] = "error", ["ename"] = "NotImplemented", ["evalue"] = message.Type });
                return;
        }
    }

    private void OnControl(NetMQMessage frames)
    {
        var message = JupyterMessage.Parse(frames, _key);
        if (message is null) return;
        switch (message.Type)
        {
            case "interrupt_request":
                _executor.Interrupt();
                Send(_control, JupyterMessage.Reply(message, "interrupt_reply", new JsonObject { ["status"] = "ok" }, _session));
                return;
            case "shutdown_request":
                bool restart = message.Content["restart"]?.GetValue<bool>() ?? false;
                Send(_control, JupyterMessage.Reply(message, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart }, _session));
                _executor.Interrupt();
                Task.Delay(200).ContinueWith(_ => _poller.Stop());
                return;
            case "kernel_info_request":
                Send(_control, JupyterMessage.Reply(message, "kernel_info_reply", KernelInfo(), _session));
                return;
        }
    }

    private async Task CompleteAsync(JupyterMessage message)
    {
        var code = message.Content["code"]?.GetValue<string>() ?? "";
        int cursor = message.Content["cursor_pos"]?.GetValue<int>() ?? code.Length;
        var matches = new JsonArray();
        int start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        try
        {
            var position = SourceTextPosition(code, cursor);
            var result = await _executor.Kernel.SendAsync(new RequestCompletions(code, position));
            var prefix = code[start..cursor];
            foreach (var e in result.Events.OfType<CompletionsProduced>())
                foreach (var item in e.Completions)
                    if (item.DisplayText.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) matches.Add(item.DisplayText);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // completion is best effort
        }
        Send(_shell, JupyterMessage.Reply(message, "complete_reply", new JsonObject
        {
            ["status"] = "ok", ["matches"] = matches, ["cursor_start"] = start, ["cursor_end"] = cursor, ["metadata"] = new JsonObject(),
        }, _session));
    }

    private static LinePosition SourceTextPosition(string code, int cursor)
    {
        int line = 0, column = 0;
        for (int i = 0; i < Math.Min(cursor, code.Length); i++)
        {
            if (code[i] == '\n') { line++; column = 0; }
            else column++;
        }
        return new LinePosition(line, column);
    }

    private void Reply(JupyterMessage request, string type, JsonObject content)
    {
        Status(request, "busy");
        Send(_shell, JupyterMessage.Reply(request, type, content, _session));
        Status(request, "idle");
    }

    private async Task InspectAsync(JupyterMessage message)
    {
        var code = message.Content["code"]?.GetValue<string>() ?? "";
        int cursor = Math.Clamp(message.Content["cursor_pos"]?.GetValue<int>() ?? code.Length, 0, code.Length);
        // The front ends send the cursor after the word; the hover text is asked inside it.
        int at = cursor > 0 && (cursor == code.Length || !char.IsLetterOrDigit(code[cursor])) ? cursor - 1 : cursor;
        var data = new JsonObject();
        try
        {
            var result = await _executor.Kernel.SendAsync(new RequestHoverText(code, SourceTextPosition(code, at)));
            foreach (var e in result.Events.OfType<HoverTextProduced>())
                foreach (var v in e.Content) data[v.MimeType] = v.Value;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // hover text is best effort
        }
        if (data.Count > 0 && !data.ContainsKey("text/plain")) data["text/plain"] = data.First().Value?.GetValue<string>();
        Send(_shell, JupyterMessage.Reply(message, "inspect_reply", new JsonObject
        {
            ["status"] = "ok", ["found"] = data.Count > 0, ["data"] = data, ["metadata"] = new JsonObject(),
        }, _session));
    }

    /// <summary>Console.ReadLine in a cell: an input_request to the front end, or a clear error when it allows none.</summary>
    private string? RequestInput(string prompt)
    {
        var parent = _current ?? throw new InvalidOperationException("standard input is only available while a cell runs");
        if (!(parent.Content["allow_stdin"]?.GetValue<bool>() ?? false))
            throw new InvalidOperationException("this front end does not accept input (allow_stdin is false): set the value in the cell instead of reading it");
        while (_inputReplies.TryTake(out _)) { }
        Send(_stdin, JupyterMessage.Reply(parent, "input_request", new JsonObject { ["prompt"] = prompt, ["password"] = false }, _session));
        try
        {
            return _inputReplies.Take(Display.Cell.Cancellation).Content["value"]?.GetValue<string>() ?? "";
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException("input was interrupted");
        }
    }

    private async Task ExecuteLoop()
    {
        await foreach (var message in _executions.Reader.ReadAllAsync())
        {
            var code = message.Content["code"]?.GetValue<string>() ?? "";
            bool silent = message.Content["silent"]?.GetValue<bool>() ?? false;
            int count = silent ? _executionCount : ++_executionCount;
            Status(message, "busy");
            if (!silent) Publish(message, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });
            _current = message;
            CellResult result;
            try
            {
                result = await _executor.RunAsync(code, output => { if (!silent) PublishOutput(message, output, count); });
            }
            finally
            {
                _current = null;
            }
            JsonObject reply;
            if (result.Succeeded) reply = new JsonObject { ["status"] = "ok", ["execution_count"] = count, ["user_expressions"] = new JsonObject(), ["payload"] = new JsonArray() };
            else
            {
                var failure = result.ErrorMessage ?? "";
                var traceback = new JsonArray(failure.Split('\n').Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
                Publish(message, "error", new JsonObject { ["ename"] = result.ErrorName, ["evalue"] = failure.Split('\n')[0], ["traceback"] = traceback.DeepClone() });
                reply = new JsonObject { ["status"] = "error", ["execution_count"] = count, ["ename"] = result.ErrorName, ["evalue"] = failure.Split('\n')[0], ["traceback"] = traceback };
            }
            Send(_shell, JupyterMessage.Reply(message, "execute_reply", reply, _session));
            Status(message, "idle");
        }
    }

    private void PublishOutput(JupyterMessage parent, CellOutput output, int count)
    {
        switch (output)
        {
            case StreamOutput s:
                Publish(parent, "stream", new JsonObject { ["name"] = s.Name, ["text"] = s.Text });
                break;
            case DisplayOutput { IsResult: true } d:
                Publish(parent, "execute_result", new JsonObject { ["execution_count"] = count, ["data"] = Bundle(d.Data), ["metadata"] = new JsonObject() });
                break;
            case DisplayOutput d:
                Publish(parent, "display_data", new JsonObject { ["data"] = Bundle(d.Data), ["metadata"] = new JsonObject(), ["transient"] = Transient(d.DisplayId) });
                break;
            case DisplayUpdate u:
                Publish(parent, "update_display_data", new JsonObject { ["data"] = Bundle(u.Data), ["metadata"] = new JsonObject(), ["transient"] = Transient(u.DisplayId) });
                break;
            case ClearOutputRequest c:
                Publish(parent, "clear_output", new JsonObject { ["wait"] = c.Wait });
                break;
        }
    }

    private static JsonObject Transient(string? displayId) => displayId is null ? new JsonObject() : new JsonObject { ["display_id"] = displayId };

    /// <summary>A MIME bundle: JSON types (Plotly's figure) as JSON objects, the others as text; text/plain always present (Jupyter's convention).</summary>
    private static JsonObject Bundle(IReadOnlyDictionary<string, string> values)
    {
        var data = new JsonObject();
        foreach (var (mime, value) in values) data[mime] = NotebookRunner.IsJsonMimeType(mime) ? JsonNode.Parse(value) : value;
        if (!data.ContainsKey("text/plain")) data["text/plain"] = ""; // the executor gives every value its plain text; markup is no plain text
        return data;
    }

    private static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = "5.3",
        ["implementation"] = "pneumo-csharp",
        ["implementation_version"] = typeof(JupyterKernelServer).Assembly.GetName().Version?.ToString() ?? "1.0",
        ["language_info"] = new JsonObject { ["name"] = "C#", ["version"] = "13.0", ["mimetype"] = "text/x-csharp", ["file_extension"] = ".cs", ["pygments_lexer"] = "csharp" },
        ["banner"] = "C# (Pneumo): the Pneumo.Notebooks kernel, with the library, Plotly.NET and FSharp.Core 10.1",
        ["help_links"] = new JsonArray(),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        _poller.Dispose();
        foreach (var s in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat }) s.Dispose();
        _outgoing.Dispose();
        _executor.Dispose();
        _inputReplies.Dispose();
    }
}
