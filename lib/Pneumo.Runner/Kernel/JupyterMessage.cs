using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NetMQ;

namespace Pneumo.Runner.Kernel;

/// <summary>
/// A Jupyter wire-protocol message (v5.3): routing identities, the <c>&lt;IDS|MSG&gt;</c> delimiter, an HMAC-SHA256
/// signature of the next four frames, then header, parent header, metadata and content as JSON.
/// </summary>
public sealed class JupyterMessage
{
    private const string Delimiter = "<IDS|MSG>";

    /// <summary>Routing identities (from a ROUTER socket).</summary>
    public List<byte[]> Identities { get; init; } = [];
    /// <summary>The header (msg_id, session, username, date, msg_type, version).</summary>
    public JsonObject Header { get; init; } = new();
    /// <summary>The header of the message this one answers.</summary>
    public JsonObject ParentHeader { get; init; } = new();
    /// <summary>Metadata.</summary>
    public JsonObject Metadata { get; init; } = new();
    /// <summary>Content.</summary>
    public JsonObject Content { get; init; } = new();

    /// <summary>msg_type of the header.</summary>
    public string Type => Header["msg_type"]?.GetValue<string>() ?? "";

    /// <summary>Parses frames and checks the signature; null when the signature is missing or wrong (the message is ignored).</summary>
    public static JupyterMessage? Parse(NetMQMessage frames, byte[] key)
    {
        var list = frames.Select(f => f.ToByteArray()).ToList();
        int d = list.FindIndex(f => Encoding.UTF8.GetString(f) == Delimiter);
        if (d < 0 || list.Count < d + 6) return null;
        var signature = Encoding.ASCII.GetString(list[d + 1]);
        var parts = list.Skip(d + 2).Take(4).ToList();
        if (key.Length > 0)
        {
            var expected = Sign(key, parts);
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))) return null;
        }
        JsonObject Obj(byte[] b) => JsonNode.Parse(b.Length == 0 ? "{}" : Encoding.UTF8.GetString(b)) as JsonObject ?? new JsonObject();
        return new JupyterMessage
        {
            Identities = list.Take(d).ToList(),
            Header = Obj(parts[0]),
            ParentHeader = Obj(parts[1]),
            Metadata = Obj(parts[2]),
            Content = Obj(parts[3]),
        };
    }

    /// <summary>A new message answering <paramref name="parent"/> (or unparented), in the parent's session.</summary>
    public static JupyterMessage Reply(JupyterMessage? parent, string type, JsonObject content, string session, IEnumerable<byte[]>? identities = null) => new()
    {
        Identities = identities?.ToList() ?? parent?.Identities ?? [],
        Header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString(),
            ["session"] = session,
            ["username"] = "pneumo",
            ["date"] = DateTime.UtcNow.ToString("o"),
            ["msg_type"] = type,
            ["version"] = "5.3",
        },
        ParentHeader = parent?.Header.DeepClone().AsObject() ?? new JsonObject(),
        Content = content,
    };

    /// <summary>The frames to send, signed with <paramref name="key"/>.</summary>
    public NetMQMessage ToFrames(byte[] key)
    {
        var parts = new[] { Header, ParentHeader, Metadata, Content }.Select(o => Encoding.UTF8.GetBytes(o.ToJsonString())).ToList();
        var message = new NetMQMessage();
        foreach (var id in Identities) message.Append(id);
        message.Append(Delimiter);
        message.Append(key.Length == 0 ? "" : Sign(key, parts));
        foreach (var p in parts) message.Append(p);
        return message;
    }

    /// <summary>Hex HMAC-SHA256 over the four JSON frames.</summary>
    public static string Sign(byte[] key, IReadOnlyList<byte[]> parts)
    {
        using var hmac = new HMACSHA256(key);
        foreach (var p in parts) hmac.TransformBlock(p, 0, p.Length, null, 0);
        hmac.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(hmac.Hash!).ToLowerInvariant();
    }
}
