using System.Text.Json;

namespace Pneumo.Runner.Kernel;

/// <summary>A Jupyter connection file: transport, address, the five ports and the signing key.</summary>
public sealed record ConnectionInfo(string Transport, string Ip, int ShellPort, int IOPubPort, int StdinPort, int ControlPort, int HeartbeatPort, string Key, string SignatureScheme)
{
    /// <summary>Reads a connection file.</summary>
    /// <exception cref="InvalidDataException">Missing fields or an unsupported signature scheme.</exception>
    public static ConnectionInfo Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var r = doc.RootElement;
        string S(string name) => r.TryGetProperty(name, out var v) ? v.GetString() ?? "" : throw new InvalidDataException($"{path}: no '{name}'");
        int I(string name) => r.TryGetProperty(name, out var v) ? v.GetInt32() : throw new InvalidDataException($"{path}: no '{name}'");
        var scheme = r.TryGetProperty("signature_scheme", out var s) ? s.GetString() ?? "hmac-sha256" : "hmac-sha256";
        if (scheme != "hmac-sha256") throw new InvalidDataException($"{path}: signature scheme '{scheme}' is not supported (hmac-sha256)");
        return new ConnectionInfo(S("transport"), S("ip"), I("shell_port"), I("iopub_port"), I("stdin_port"), I("control_port"), I("hb_port"), S("key"), scheme);
    }

    /// <summary>The address of one port, e.g. <c>tcp://127.0.0.1:5555</c>.</summary>
    public string Address(int port) => $"{Transport}://{Ip}:{port}";
}
