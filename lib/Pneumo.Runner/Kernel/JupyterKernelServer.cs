using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using NetMQ;
using NetMQ.Sockets;

namespace Pneumo.Runner.Kernel;

/// <summary>
/// The project's Jupyter kernel ("C# (Pneumo)"): the Jupyter messaging protocol v5.3 over ZeroMQ (NetMQ) in front of
/// the same in-process C# kernel as the headless runner. Heartbeat, shell, iopub, control and stdin channels;
/// HMAC-SHA256 signing (unsigned or wrongly signed messages are ignored); kernel_info, execute (busy/idle, stream,
/// display_data, execute_result, error), is_complete, complete, interrupt and shutdown.
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
    private readonly CompositeKernel _kernel;
    private int _executionCount;
    private CancellationTokenSource? _running;

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
        _kernel = new CompositeKernel { new CSharpKernel().UseKernelHelpers().UseValueSharing() };
        _kernel.DefaultKernelName = "csharp";
        _poller = new NetMQPoller { _shell, _control, _stdin, _heartbeat, _outgoing };
        _shell.ReceiveReady += (_, e) => OnShell(e.Socket.ReceiveMultipartMessage());
        _control.ReceiveReady += (_, e) => OnControl(e.Socket.ReceiveMultipartMessage());
        _stdin.ReceiveReady += (_, e) => e.Socket.ReceiveMultipartMessage();
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
                Status(message, "busy");
                Send(_shell, JupyterMessage.Reply(message, "kernel_info_reply", KernelInfo(), _session));
                Status(message, "idle");
                return;
            case "is_complete_request":
                Status(message, "busy");
                var code = message.Content["code"]?.GetValue<string>() ?? "";
                var complete = Microsoft.CodeAnalysis.CSharp.SyntaxFactory.IsCompleteSubmission(
                    Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(code, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(kind: Microsoft.CodeAnalysis.SourceCodeKind.Script)));
                Send(_shell, JupyterMessage.Reply(message, "is_complete_reply", complete ? new JsonObject { ["status"] = "complete" } : new JsonObject { ["status"] = "incomplete", ["indent"] = "    " }, _session));
                Status(message, "idle");
                return;
            case "complete_request":
                _ = CompleteAsync(message);
                return;
            default:
                Status(message, "busy");
                Send(_shell, JupyterMessage.Reply(message, message.Type.Replace("_request", "_reply", StringComparison.Ordinal), new JsonObject { ["status"] = "error", ["ename"] = "NotImplemented", ["evalue"] = message.Type }, _session));
                Status(message, "idle");
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
                _running?.Cancel();
                _ = _kernel.SendAsync(new Cancel());
                Send(_control, JupyterMessage.Reply(message, "interrupt_reply", new JsonObject { ["status"] = "ok" }, _session));
                return;
            case "shutdown_request":
                bool restart = message.Content["restart"]?.GetValue<bool>() ?? false;
                Send(_control, JupyterMessage.Reply(message, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart }, _session));
                _running?.Cancel();
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
            var result = await _kernel.SendAsync(new RequestCompletions(code, position));
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

    private async Task ExecuteLoop()
    {
        await foreach (var message in _executions.Reader.ReadAllAsync())
        {
            var code = message.Content["code"]?.GetValue<string>() ?? "";
            bool silent = message.Content["silent"]?.GetValue<bool>() ?? false;
            int count = silent ? _executionCount : ++_executionCount;
            Status(message, "busy");
            if (!silent) Publish(message, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });
            using var cancel = new CancellationTokenSource();
            _running = cancel;
            string? failure = null, failureName = null;
            try
            {
                var send = _kernel.SendAsync(new SubmitCode(code));
                var finished = await Task.WhenAny(send, Task.Delay(Timeout.Infinite, cancel.Token).ContinueWith(_ => (KernelCommandResult)null!));
                if (finished != send) { failure = "the cell was interrupted"; failureName = "KeyboardInterrupt"; }
                else
                {
                    foreach (var e in send.Result.Events)
                    {
                        switch (e)
                        {
                            case StandardOutputValueProduced o when !silent: Publish(message, "stream", new JsonObject { ["name"] = "stdout", ["text"] = Text(o.FormattedValues) }); break;
                            case StandardErrorValueProduced o when !silent: Publish(message, "stream", new JsonObject { ["name"] = "stderr", ["text"] = Text(o.FormattedValues) }); break;
                            case ReturnValueProduced r when !silent: Publish(message, "execute_result", new JsonObject { ["execution_count"] = count, ["data"] = Bundle(r.FormattedValues), ["metadata"] = new JsonObject() }); break;
                            case DisplayedValueProduced d when !silent: Publish(message, "display_data", new JsonObject { ["data"] = Bundle(d.FormattedValues), ["metadata"] = new JsonObject(), ["transient"] = new JsonObject() }); break;
                            case CommandFailed f: failure = f.Message; failureName = f.Exception?.GetType().Name ?? "Error"; break;
                        }
                    }
                }
            }
            finally
            {
                _running = null;
            }
            JsonObject reply;
            if (failure is null) reply = new JsonObject { ["status"] = "ok", ["execution_count"] = count, ["user_expressions"] = new JsonObject(), ["payload"] = new JsonArray() };
            else
            {
                var traceback = new JsonArray(failure.Split('\n').Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
                Publish(message, "error", new JsonObject { ["ename"] = failureName, ["evalue"] = failure.Split('\n')[0], ["traceback"] = traceback.DeepClone() });
                reply = new JsonObject { ["status"] = "error", ["execution_count"] = count, ["ename"] = failureName, ["evalue"] = failure.Split('\n')[0], ["traceback"] = traceback };
            }
            Send(_shell, JupyterMessage.Reply(message, "execute_reply", reply, _session));
            Status(message, "idle");
        }
    }

    private static string Text(IEnumerable<FormattedValue> values) => string.Concat(values.Select(v => v.Value));

    private static JsonObject Bundle(IEnumerable<FormattedValue> values)
    {
        var data = new JsonObject();
        foreach (var v in values) data[v.MimeType] = v.Value;
        if (!data.ContainsKey("text/plain")) data["text/plain"] = values.FirstOrDefault()?.Value ?? "";
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
        _kernel.Dispose();
    }
}
