using System.Collections;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Pneumo.Modeling;

/// <summary>What loading a weights file did.</summary>
/// <param name="File">The file.</param>
/// <param name="Sha256">Its SHA-256 (recorded in a run's config).</param>
/// <param name="Loaded">Tensors copied into the module.</param>
/// <param name="Missing">The module's tensors the file lacks (left at their initial values).</param>
/// <param name="Unexpected">The file's tensors the module has no place for (ignored), the skipped head included.</param>
/// <param name="SummedInputChannels">The first convolution's RGB kernels were summed for a one-channel input.</param>
public sealed record WeightsReport(string File, string Sha256, int Loaded, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, bool SummedInputChannels)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Path.GetFileName(File)}: {Loaded} tensors loaded, {Missing.Count} missing{(Missing.Count > 0 ? $" (first {Missing[0]})" : "")}, {Unexpected.Count} unexpected{(Unexpected.Count > 0 ? $" (first {Unexpected[0]})" : "")}{(SummedInputChannels ? "; RGB kernels of the first convolution summed for grayscale" : "")}";
}

/// <summary>
/// PyTorch weights into our modules: <c>state_dict</c> files saved by <c>torch.save</c> (<c>.pth</c>, <c>.pt</c>, read
/// by TorchSharp.PyBridge) and <c>.safetensors</c>. Keys are matched after the usual wrappers are removed: a
/// <c>module.</c> prefix (DataParallel), a <c>model.</c> prefix (Lightning, TorchXRayVision), and the old DenseNet pattern
/// <c>norm.1</c> for <c>norm1</c> (torchvision's own rewrite). A three-channel first convolution loads into a
/// one-channel one by summing its RGB kernels (the standard grayscale adaptation: a gray image is R = G = B). Any other
/// shape difference is an error naming the file, the key and both shapes.
/// </summary>
public static class PretrainedWeights
{
    private static readonly Regex OldDenseNetKey = new(@"^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$", RegexOptions.Compiled);

    /// <summary>The tensors of a weights file by name (as stored), on the CPU.</summary>
    /// <exception cref="DataFileException">Missing, unreadable or of an unknown kind.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new DataFileException($"{path}: no such weights file");
        string ext = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            if (ext == ".safetensors") return Safetensors.LoadStateDict(path);
            if (ext is ".pth" or ".pt" or ".bin")
            {
                var table = PyTorchUnpickler.UnpickleStateDict(path);
                var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                foreach (DictionaryEntry e in table)
                    if (e.Value is Tensor t) result[(string)e.Key] = t;
                if (result.Count == 0) throw new DataFileException($"{path}: holds no tensors (a whole pickled model instead of its state_dict? save model.state_dict())");
                return result;
            }
        }
        catch (Exception ex) when (ex is not DataFileException)
        {
            throw new DataFileException($"{path}: not a readable PyTorch state_dict ({ex.GetType().Name}: {ex.Message})", ex);
        }
        throw new DataFileException($"{path}: unknown weights format '{ext}' (.pth, .pt or .safetensors)");
    }

    /// <summary>The key as our modules name it: wrappers removed, the old DenseNet pattern rewritten.</summary>
    public static string NormalizeKey(string key)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var prefix in new[] { "module.", "model." })
                if (key.StartsWith(prefix, StringComparison.Ordinal)) { key = key[prefix.Length..]; changed = true; }
        }
        var m = OldDenseNetKey.Match(key);
        return m.Success ? m.Groups[1].Value + m.Groups[2].Value : key;
    }

    /// <summary>
    /// Loads <paramref name="path"/> into <paramref name="module"/>. Keys under <paramref name="skipPrefixes"/> (a head to
    /// be replaced, e.g. <c>fc.</c>) are not loaded and count as unexpected; BatchNorm's <c>num_batches_tracked</c> is
    /// ignored on either side.
    /// </summary>
    /// <exception cref="DataFileException">The file cannot be read, or a tensor's shape differs (one line: file, key, both shapes).</exception>
    public static WeightsReport Load(nn.Module module, string path, IReadOnlyList<string>? skipPrefixes = null)
    {
        var source = Read(path);
        try
        {
            var target = module.state_dict();
            var byName = source.ToDictionary(p => NormalizeKey(p.Key), p => p.Value, StringComparer.Ordinal);
            int loaded = 0;
            bool summed = false;
            var unexpected = new List<string>();
            using (no_grad())
                foreach (var (key, value) in byName.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal)) continue;
                    if ((skipPrefixes ?? []).Any(p => key.StartsWith(p, StringComparison.Ordinal)) || !target.TryGetValue(key, out var into))
                    {
                        unexpected.Add(key);
                        continue;
                    }
                    var from = value;
                    if (!from.shape.SequenceEqual(into.shape))
                    {
                        bool rgbToGray = from.dim() == 4 && into.dim() == 4 && from.shape[1] == 3 && into.shape[1] == 1
                            && from.shape[0] == into.shape[0] && from.shape[2] == into.shape[2] && from.shape[3] == into.shape[3];
                        if (!rgbToGray)
                            throw new DataFileException($"{path}: {key} has shape [{string.Join(", ", from.shape)}] in the file but [{string.Join(", ", into.shape)}] in {module.GetName()}");
                        from = from.sum(1, keepdim: true);
                        summed = true;
                    }
                    into.copy_(from.to(into.dtype).to(into.device));
                    loaded++;
                }
            var missing = target.Keys.Where(k => !k.EndsWith("num_batches_tracked", StringComparison.Ordinal) && !byName.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            return new WeightsReport(path, Sha256(path), loaded, missing, unexpected, summed);
        }
        finally
        {
            foreach (var t in source.Values) t.Dispose();
        }
    }

    /// <summary>The SHA-256 of a file, hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}
